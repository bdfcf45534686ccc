"""The orchestrators: each command runs the stages in order. No CLI here."""
