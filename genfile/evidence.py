"""Facts and the evidence behind them.

Every value genfile decides on says where it came from (file and line, or "default"), so a
user can check it and `genfile detect` can explain the generated files.
"""

from __future__ import annotations

from dataclasses import dataclass

from genfile import validate


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a file relative to the project root, a line, and a short note."""

    file: str | None
    line: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        # Evidence is printed and written into Dockerfile comments: a path or a quote from a
        # hostile repository must not be able to end the comment line (escape, never drop).
        if self.file is not None and not validate.is_printable(self.file):
            object.__setattr__(self, "file", validate.printable(self.file))
        if not validate.is_printable(self.note):
            object.__setattr__(self, "note", validate.printable(self.note))
        # A quote cut at its length limit is closed, so the note never reads as unbalanced.
        for mark in ('"', "`"):
            if self.note.count(mark) % 2:
                object.__setattr__(self, "note", f"{self.note}…{mark}")

    def where(self) -> str:
        """``file:line``, ``file``, or ``default`` for values genfile chose itself."""
        if self.file is None:
            return "default"
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def __str__(self) -> str:
        return f"{self.where()} ({self.note})" if self.note else self.where()

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "note": self.note}


DEFAULT = Evidence(None, None, "genfile default")


@dataclass(frozen=True)
class Fact:
    """One named finding (``python version = 3.12``) with the evidence that supports it."""

    name: str
    value: object
    evidence: tuple[Evidence, ...] = ()

    def as_dict(self) -> dict[str, object]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "name": self.name,
            "value": value,
            "evidence": [e.as_dict() for e in self.evidence],
        }


def strongest_pin(language: str, pins: list[tuple[str, Evidence]]) -> tuple[str, Evidence, list[str]]:
    """The first (strongest) version pin, and a warning for each weaker pin that disagrees:
    a conflict is reported, never silently resolved."""
    version, evidence = pins[0]
    warnings = [
        f"{ev.where()} says {language} {other} but {evidence.where()} says {version}; "
        f"using {version} (the stronger source)"
        for other, ev in pins[1:]
        if other != version
    ]
    return version, evidence, warnings
