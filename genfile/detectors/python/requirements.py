"""pip requirements files: names, the files they include, and local-path entries."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from genfile import validate
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)$")
# An included requirements file becomes a COPY source and a .dockerignore re-include, where
# `*`, `?`, `[` or a leading `!` would be patterns: such names (and unprintable ones) are refused.
_LITERAL_NAME = re.compile(r"^[^!#\-*?\[\]\\\s\x00-\x1f\x7f][^*?\[\]\\\x00-\x1f\x7f]{0,200}$")
_LOCAL = re.compile(r"^(-e\s+|--editable\s+)?(\.|\.\.|\./|\.\./|/|file:)")
_PIN = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*===?\s*([0-9][A-Za-z0-9.+!-]*)\s*(?:;|$|\s)"
)
_DIRECT_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@")
_INDEX_URL = re.compile(r"^(?:-i|--index-url)(?:\s+|=)(\S+)$")

# Where projects keep a production requirements file when there is no requirements.txt.
CANDIDATES = (
    "requirements.txt",
    "requirements/prod.txt",
    "requirements/production.txt",
    "requirements/base.txt",
    "requirements/common.txt",
    "requirements/main.txt",
)


def normalize(name: str) -> str:
    """PEP 503 normalised project name, so ``Flask_SQLAlchemy`` and ``flask-sqlalchemy`` match."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str  # normalised
    extras: frozenset[str]
    evidence: Evidence
    version: str | None = None  # an exact pin (==1.2.3), the only kind a lookup can describe
    git: bool = False  # installed from a git repository (pip needs git to clone it)


@dataclass
class RequirementSet:
    """Everything a requirements file (with its ``-r``/``-c`` includes) pulls in."""

    files: list[str] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    local: list[Evidence] = field(default_factory=list)  # entries that need the source (-e ., ./pkg)
    hashed: bool = False  # a --hash option puts pip in hash-checking mode for every package
    index_url: tuple[str, Evidence] | None = None  # an --index-url line


def find_requirements_file(repo: Repo) -> str | None:
    return next((c for c in CANDIDATES if repo.is_file(c)), None)


def read(repo: Repo, rel: str) -> RequirementSet:
    result = RequirementSet()
    _read_into(repo, rel, result, via=None)
    return result


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join backslash continuations and drop comments, keeping the first line's number."""
    out: list[tuple[int, str]] = []
    buffer, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not buffer:
            start = number
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        buffer += line
        if buffer.strip():
            out.append((start, buffer.strip()))
        buffer = ""
    if buffer.strip():
        out.append((start, buffer.strip()))
    return out


def _read_into(repo: Repo, rel: str, result: RequirementSet, via: Evidence | None) -> None:
    if rel in result.files:
        return
    if not repo.is_file(rel):
        where = via or Evidence(rel)
        raise ManifestError(
            where.file or rel,
            f"includes {rel}, which does not exist",
            line=where.line,
            fix="fix the -r/-c line or add the file",
        )
    result.files.append(rel)
    for number, line in _logical_lines(repo.text(rel)):
        here = Evidence(rel, number, line[:80])
        include = _INCLUDE.match(line)
        if include:
            if not _LITERAL_NAME.fullmatch(include[2]) or not validate.is_printable(include[2]):
                raise ManifestError(
                    rel,
                    f"includes {include[2]!r}, a name genfile cannot copy or re-include literally",
                    line=number,
                    fix="rename the file without * ? [ ] \\ or a leading !",
                )
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), include[2]))
            if target.startswith("../") or target.startswith("/"):
                raise ManifestError(
                    rel,
                    f"includes {include[2]}, outside the project",
                    line=number,
                    fix="keep included requirement files inside the project",
                )
            _read_into(repo, target, result, via=here)
            continue
        if _LOCAL.match(line):
            result.local.append(here)
            continue
        if "--hash" in line:
            result.hashed = True
        index = _INDEX_URL.match(line)
        if index and result.index_url is None:
            result.index_url = (index[1], Evidence(rel, number, "--index-url"))
        editable = re.match(r"^(?:-e|--editable)(?:\s+|=)(\S*git\+\S+)", line)
        if editable:
            egg = _EGG.search(editable[1])
            if egg:
                result.requirements.append(Requirement(normalize(egg[1]), frozenset(), here, None, True))
            continue
        if line.startswith("-"):
            continue  # pip options: --index-url, --hash continuation, --no-binary ...
        egg = _EGG.search(line)
        url = "://" in line.split(";")[0]
        direct = _DIRECT_NAME.match(line)
        match = _NAME.match(line) if not url or direct else None
        name = egg[1] if egg else (match[1] if match else None)
        if name is None:
            continue
        extras = (
            frozenset(normalize(e) for e in (match[2] or "").strip("[]").split(",") if e.strip())
            if match
            else frozenset()
        )
        pin = _PIN.match(line) if not url else None
        git = bool(re.search(r"(^|[\s@])git\+", line))
        result.requirements.append(Requirement(normalize(name), extras, here, pin[1] if pin else None, git))
