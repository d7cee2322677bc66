"""The ``Staticfile``: Cloud Foundry's static-site settings file, which Railpack and others
read too. One ``key: value`` a line (YAML's simplest form); genfile reads the settings that
change what the image serves and reports every other one with its line, never guessing.

- ``root: public``: the folder served (a plain relative path).
- ``index_fallback: true`` (Railpack's) or ``pushstate: enabled`` (Cloud Foundry's): unknown
  paths answer index.html, for a client-routed single-page app; otherwise real 404s.
- ``directory: visible``: folder listings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

STATICFILE = "Staticfile"
_LINE = re.compile(r"^([A-Za-z_][\w-]{0,40})\s*:\s*(.*?)\s*$")
_PLAIN = re.compile(r"^[A-Za-z0-9_@+.-][A-Za-z0-9_@+./-]{0,199}$")
_TRUE = {"true", "yes", "on", "enabled", "1"}
_FALSE = {"false", "no", "off", "disabled", "0"}
# Settings of the Cloud Foundry buildpack that only its own nginx layout understands.
_KNOWN_ELSEWHERE = {"location_include", "ssi", "gzip", "http_strict_transport_security", "force_https"}


@dataclass(frozen=True)
class Staticfile:
    """The settings genfile applies, each with the line that set it."""

    root: str | None = None
    root_evidence: Evidence | None = None
    fallback: bool | None = None  # None: the file does not say
    fallback_evidence: Evidence | None = None
    autoindex: bool = False
    warnings: tuple[str, ...] = ()


def plain_dir(value: str) -> str | None:
    """``value`` as a plain relative folder (``./public/`` → ``public``), or None."""
    path = value.strip().strip("'\"")
    while path.startswith("./"):
        path = path[2:]
    path = path.rstrip("/")
    if path in ("", "."):
        return "."
    if not _PLAIN.match(path) or any(p in ("", ".", "..") for p in path.split("/")):
        return None
    return path


def _flag(value: str) -> bool | None:
    word = value.strip().strip("'\"").lower()
    return True if word in _TRUE else False if word in _FALSE else None


def read(repo: Repo) -> Staticfile | None:
    """The project's Staticfile, or None when there is none."""
    if not repo.is_file(STATICFILE):
        return None
    found: dict[str, object] = {}
    warnings: list[str] = []
    try:
        lines = repo.lines(STATICFILE)
    except ManifestError:
        return Staticfile(warnings=(f"{STATICFILE} is not text: ignored",))
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _LINE.match(line)
        where = f"{STATICFILE}:{number}"
        if not m:
            warnings.append(f"{where}: not a `key: value` line; ignored")
            continue
        key, value = m[1].lower(), m[2]
        ev = Evidence(STATICFILE, number, f"{key}: {value}"[:80])
        if key == "root":
            folder = plain_dir(value)
            if folder is None:
                warnings.append(f"{where}: root is not a plain relative folder; serving the project folder")
            else:
                found["root"], found["root_ev"] = folder, ev
        elif key in ("index_fallback", "pushstate"):
            flag = _flag(value)
            if flag is None:
                warnings.append(f"{where}: {key} must be true or false; ignored")
            else:
                found["fallback"], found["fallback_ev"] = flag, ev
        elif key == "directory":
            found["autoindex"] = value.strip().lower() == "visible"
        elif key in _KNOWN_ELSEWHERE:
            warnings.append(
                f"{where}: {key} is a Cloud Foundry nginx setting genfile does not apply; ignored"
            )
        else:
            warnings.append(f"{where}: unknown setting {key!r}; ignored")
    return Staticfile(
        root=found.get("root"),  # type: ignore[arg-type]
        root_evidence=found.get("root_ev"),  # type: ignore[arg-type]
        fallback=found.get("fallback"),  # type: ignore[arg-type]
        fallback_evidence=found.get("fallback_ev"),  # type: ignore[arg-type]
        autoindex=bool(found.get("autoindex", False)),
        warnings=tuple(warnings),
    )
