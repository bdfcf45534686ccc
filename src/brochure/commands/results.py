"""What a layout gives back (a PDF made, or found in the cache, with what was said making it) and what
a build reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models import Output, Problem


@dataclass
class Made:
    """A PDF made (or found in the cache), with what was said while making it."""

    data: bytes
    pages: int
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cut: str | None = None
    html: str | None = None
    owners: dict[str, list[str]] = field(default_factory=dict)  # message -> slugs it concerns (the brochure's)
    shared: list[str] = field(default_factory=list)  # problems of a one-pager's batch that no case study holds

    def info(self) -> dict[str, Any]:
        return {"pages": self.pages, "messages": self.messages, "notes": self.notes, "cut": self.cut,
                "owners": self.owners, "shared": self.shared}


def made_fields(info: dict[str, Any]) -> dict[str, Any]:
    return {"pages": info.get("pages", 0), "messages": info.get("messages", []),
            "notes": info.get("notes", []), "cut": info.get("cut"), "owners": info.get("owners", {}),
            "shared": info.get("shared", [])}


@dataclass
class Report:
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about this machine, not the content
    strict: bool = False
    _said: set[tuple] = field(default_factory=set, repr=False, compare=False)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def summary_gaps(self) -> list[Problem]:
        """Case studies whose summary table row has empty cells (``check``): neither warnings nor errors."""
        return [p for p in self.problems if p.level == "summary"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or (self.strict and self.warnings) else 0

    def add(self, problem: Problem) -> None:
        """Add ``problem`` unless the same message was said of the same case study at the same level
        (a set: a case study may hold thousands of refused resources)."""
        said = (problem.message, problem.case, problem.level)
        if said not in self._said:
            self._said.add(said)
            self.problems.append(problem)

    def as_json(self) -> dict[str, Any]:
        return {
            "outputs": [o.as_json() for o in self.outputs],
            "warnings": [w.as_json() for w in self.warnings],
            "errors": [e.as_json() for e in self.errors],
        }
