"""What a layout gives back: a PDF made, or found in the cache, with what was said making it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
