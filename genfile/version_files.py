"""Tool versions pinned for a version manager: asdf's ``.tool-versions`` and mise's files.

mise (``mise.toml`` and its other config locations, plus the ``mise.lock`` it resolves them
to) and asdf (``.tool-versions``) pin the interpreter or toolchain a team develops with, for
every language at once, so the detectors of all languages read them here, the same way.
A pin is returned as written (``3.10``, ``22.2.0``, ``lts``, ``latest``); each language turns
it into an image line. ``mise.lock`` holds the exact release a fuzzy request resolved to
(``latest`` → ``3.14.7``), so when it pins the tool it comes first.
"""

from __future__ import annotations

from typing import Any

from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

# mise reads its configuration from any of these (the first ones are the common ones).
MISE_CONFIGS = ("mise.toml", ".mise.toml", "mise/config.toml", ".mise/config.toml", ".config/mise.toml")
MISE_LOCK = "mise.lock"
TOOL_VERSIONS = ".tool-versions"
_MAX_PIN = 40


def _clean(value: object) -> str | None:
    """A pin as plain text (``3.12``, ``lts``), or None for anything else."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_PIN or any(c.isspace() or ord(c) < 32 for c in text):
        return None
    return text


def _mise_request(value: Any) -> str | None:
    """``python = "3.12"``, ``= ["3.12", "3.11"]`` (the first is the default), ``= {version = "3.12"}``."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("version")
    return _clean(value)


def _mise(repo: Repo, names: tuple[str, ...]) -> list[tuple[str, Evidence]]:
    found: list[tuple[str, Evidence]] = []
    for rel in MISE_CONFIGS:
        if not repo.is_file(rel):
            continue
        tools = repo.toml(rel).get("tools")
        if not isinstance(tools, dict):
            continue
        for name in names:
            request = _mise_request(tools.get(name))
            if request is None:
                continue
            line = repo.find_line(rel, rf"^\s*[\"']?{name}[\"']?\s*=")
            locked = _locked(repo, name)
            if locked is not None:
                found.append(locked)
            found.append((request, Evidence(rel, line, f"[tools] {name} = {request}")))
            return found
    return found


def _locked(repo: Repo, name: str) -> tuple[str, Evidence] | None:
    """The version mise resolved for ``name`` (``[[tools.python]] version = "3.14.7"``)."""
    if not repo.is_file(MISE_LOCK):
        return None
    try:
        entries = repo.toml(MISE_LOCK).get("tools", {}).get(name)
    except (ManifestError, AttributeError):
        return None
    entry = entries[0] if isinstance(entries, list) and entries else entries
    version = _clean(entry.get("version")) if isinstance(entry, dict) else None
    if version is None:
        return None
    line = repo.find_line(MISE_LOCK, rf"^\s*version\s*=\s*[\"']{version}")
    return version, Evidence(MISE_LOCK, line, f"{name} {version} (locked by mise)")


def _asdf(repo: Repo, names: tuple[str, ...]) -> list[tuple[str, Evidence]]:
    if not repo.is_file(TOOL_VERSIONS):
        return []
    for number, line in enumerate(repo.lines(TOOL_VERSIONS), start=1):
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2 and parts[0] in names and (pin := _clean(parts[1])):
            return [(pin, Evidence(TOOL_VERSIONS, number, " ".join(parts)[:80]))]
    return []


def pins(repo: Repo, *names: str) -> list[tuple[str, Evidence]]:
    """Every pin of the tool called ``names`` (``"node", "nodejs"``), strongest first:
    mise's lock, mise's configuration, then ``.tool-versions``."""
    return _mise(repo, names) + _asdf(repo, names)
