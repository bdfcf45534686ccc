"""The exception tree. Every message prints as one line, naming the file."""

from __future__ import annotations

from pathlib import Path


MISSING_GLYPHS = "no font has these characters, which print as empty boxes: "  # then the characters


def one_line(text: object) -> str:
    """Collapse any message to a single line."""
    return " ".join(str(text).split())


def printable(text: object) -> str:
    """``text`` with every control character shown as an escape (``\\n``, ``\\x1b``): a file name
    from a case study's author can neither break a line of output nor send terminal codes."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in str(text))


class BrochureError(Exception):
    """Base class: a problem the user can fix. ``str()`` is one line.

    ``earlier``: problems found before this one stopped the command (e.g. the case studies
    that could not be read when nothing is left to select); they are reported first.
    """

    exit_code = 1
    earlier: tuple = ()

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = one_line(message)
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ConfigError(BrochureError):
    """The configuration or the command line is wrong (exit 2).

    Holds every problem found, so that they can all be reported at once.
    """

    exit_code = 2

    def __init__(self, problems: list[str] | str, path: Path | str | None = None):
        self.problems = [one_line(p) for p in ([problems] if isinstance(problems, str) else problems)]
        super().__init__("; ".join(self.problems), path)

    def lines(self) -> list[str]:
        prefix = f"{self.path}: " if self.path else ""
        return [prefix + p for p in self.problems]


class SelectionError(BrochureError):
    """The selection names something unknown (exit 2)."""

    exit_code = 2


class EmptySelection(BrochureError):
    """Nothing matched the selection (exit 1)."""

    exit_code = 1


class ContentError(BrochureError):
    """One case study cannot be used; the others go on."""


class RenderError(BrochureError):
    """WeasyPrint could not lay out or write a document."""


class OutputError(BrochureError):
    """An output file could not be written."""


class DocumentError(BrochureError):
    """A consultation's document (``brochure suggest``) cannot be read; the others are used (exit 1)."""
