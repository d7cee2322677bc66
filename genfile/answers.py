"""The user's answers to ``genfile init``, from flags, the wizard, or ``genfile.toml``.

Only decisions are saved, never what detection found: a later ``genfile init --yes``
reproduces the same files from the same answers, and a newer genfile still applies its
improved detection and templates to everything the user did not decide. Flags override saved
answers; saved answers override detection.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from genfile import validate
from genfile.errors import ManifestError
from genfile.plan import FILES, BuildPlan
from genfile.repo import Repo

ANSWERS_FILE = "genfile.toml"


@dataclass(frozen=True)
class Answers:
    """Every question ``genfile init`` can ask; ``None`` means "use what was detected"."""

    stack: str | None = None
    version: str | None = None
    command: tuple[str, ...] | None = None
    port: int | None = None
    system_packages: tuple[str, ...] | None = None
    files: tuple[str, ...] | None = None
    uid: int | None = None
    main: str | None = None

    def over(self, saved: Answers) -> Answers:
        """These answers, falling back to ``saved`` where they are silent."""
        return Answers(
            **{
                f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(saved, f.name)
                for f in dataclasses.fields(self)
            }
        )

    def apply(self, plan: BuildPlan) -> BuildPlan:
        """The plan edited by these answers (the stack and main package are planning inputs)."""
        return plan.edit(
            version=self.version,
            port=self.port,
            command=self.command,
            system_packages=self.system_packages,
            uid=self.uid,
            files=self.files,
        )

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclasses.fields(self))


def load(project: Path) -> Answers:
    """Saved answers from ``genfile.toml`` in the project (none if the file is absent)."""
    repo = Repo(project)
    if not repo.is_file(ANSWERS_FILE):
        return Answers()
    table = repo.toml(ANSWERS_FILE).get("init", {})
    if not isinstance(table, dict):
        raise ManifestError(ANSWERS_FILE, "[init] must be a table", fix="fix or delete the file")
    known = {f.name for f in dataclasses.fields(Answers)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ManifestError(
            ANSWERS_FILE, f"unknown answer {unknown[0]!r}", fix=f"use only {', '.join(sorted(known))}"
        )
    try:
        return Answers(
            stack=_opt(table, "stack", str),
            version=validate.version(table["version"], ANSWERS_FILE) if "version" in table else None,
            command=validate.command(list(table["command"]), ANSWERS_FILE) if "command" in table else None,
            port=validate.port(table["port"], ANSWERS_FILE) if "port" in table else None,
            system_packages=validate.packages(list(table["system_packages"]), ANSWERS_FILE)
            if "system_packages" in table
            else None,
            files=validate.files(tuple(table["files"]), FILES, ANSWERS_FILE) if "files" in table else None,
            uid=validate.uid(table["uid"], ANSWERS_FILE) if "uid" in table else None,
            main=_opt(table, "main", str),
        )
    except (TypeError, ValueError) as exc:
        raise ManifestError(
            ANSWERS_FILE, f"an answer has the wrong type ({exc})", fix="fix or delete the file"
        ) from exc


def _opt(table: dict[str, object], key: str, kind: type) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, kind):
        raise ManifestError(ANSWERS_FILE, f"{key} must be a {kind.__name__}", fix="fix or delete the file")
    return value  # type: ignore[return-value]


def dump(answers: Answers) -> str:
    """``genfile.toml`` text for the answers (TOML strings and arrays written as JSON, which
    TOML accepts for basic strings, so any value round-trips)."""
    lines = [
        "# genfile's saved answers: `genfile init --yes` reproduces the same files from them.",
        "# Only your decisions are kept; everything else is detected again on each run.",
        "[init]",
    ]
    for field in dataclasses.fields(answers):
        value = getattr(answers, field.name)
        if value is None:
            continue
        if isinstance(value, tuple):
            lines.append(f"{field.name} = [{', '.join(json.dumps(v, ensure_ascii=False) for v in value)}]")
        elif isinstance(value, int):
            lines.append(f"{field.name} = {value}")
        else:
            lines.append(f"{field.name} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
