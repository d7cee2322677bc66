"""The user's answers to ``genfile init``, from flags, the wizard, or ``genfile.toml``.

Only decisions are saved, never what detection found: a later ``genfile init --yes``
reproduces the same files from the same answers, and a newer genfile still applies its
improved detection and templates to everything the user did not decide. Flags override saved
answers; saved answers override detection.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import tomlkit

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
    pin_digest: bool | None = None  # base images pinned to the digests the local engine holds

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


# Each answer's TOML type, as a person writes it: a type error names the key and the form.
_SHAPES: dict[str, tuple[type, str]] = {
    "stack": (str, 'a string, e.g. stack = "python-slim"'),
    "version": (str, 'a string, e.g. version = "3.12"'),
    "command": (list, 'a list of strings, e.g. command = ["gunicorn", "app:app"]'),
    "port": (int, "a number, e.g. port = 8000"),
    "system_packages": (list, 'a list of strings, e.g. system_packages = ["curl"]'),
    "files": (list, 'a list of file names, e.g. files = ["Dockerfile", ".dockerignore"]'),
    "uid": (int, "a number, e.g. uid = 10001"),
    "main": (str, 'a string, e.g. main = "./cmd/api" (Go) or main = "apps/web" (a Node workspace app)'),
    "pin_digest": (bool, "true or false, e.g. pin_digest = true"),
}


def _checked(table: dict[str, object], key: str) -> object:
    """``table[key]`` when it has the type the answer needs (a list of strings stays a list:
    a string is never split into its characters)."""
    kind, form = _SHAPES[key]
    value = table[key]
    ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if ok and kind is list:
        ok = all(isinstance(item, str) for item in value)  # type: ignore[attr-defined]
    if not ok:
        raise ManifestError(ANSWERS_FILE, f"[init] {key} must be {form}", fix="fix or delete the key")
    return value


def load(project: Path) -> Answers:
    """Saved answers from ``genfile.toml`` in the project (none if the file is absent)."""
    repo = Repo(project)
    if not repo.exists(ANSWERS_FILE):
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
    value = {key: _checked(table, key) for key in table}
    return Answers(
        stack=value.get("stack"),  # type: ignore[arg-type]
        version=validate.version(value["version"], ANSWERS_FILE) if "version" in value else None,  # type: ignore[arg-type]
        command=validate.command(value["command"], ANSWERS_FILE) if "command" in value else None,  # type: ignore[arg-type]
        port=validate.port(value["port"], ANSWERS_FILE) if "port" in value else None,
        system_packages=validate.packages(value["system_packages"], ANSWERS_FILE)  # type: ignore[arg-type]
        if "system_packages" in value
        else None,
        files=validate.files(tuple(value["files"]), FILES, ANSWERS_FILE) if "files" in value else None,  # type: ignore[arg-type]
        uid=validate.uid(value["uid"], ANSWERS_FILE) if "uid" in value else None,
        main=value.get("main"),  # type: ignore[arg-type]
        pin_digest=value.get("pin_digest"),  # type: ignore[arg-type]
    )


HEADER = (
    "# genfile's saved answers: `genfile init --yes` reproduces the same files from them.\n"
    "# Only your decisions are kept; everything else is detected again on each run.\n"
)


def updated(existing: str | None, answers: Answers) -> str:
    """``genfile.toml`` with the ``[init]`` answers set, edited in place: comments, formatting
    and every other table (a ``[deploy]`` of the team's own) are kept as they were; only the
    keys genfile owns change."""
    document = tomlkit.parse(existing) if existing else tomlkit.parse(HEADER)
    table = document.get("init")
    if not isinstance(table, dict):
        table = tomlkit.table()
        document["init"] = table
    for field in dataclasses.fields(answers):
        value = getattr(answers, field.name)
        if value is not None:
            table[field.name] = list(value) if isinstance(value, tuple) else value
    return tomlkit.dumps(document)
