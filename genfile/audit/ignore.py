""".dockerignore read and matched the way BuildKit does (moby/patternmatcher), so "does this
file reach the build context" has the same answer here as in ``docker build``.

The semantics that matter, and that naive matchers get wrong: patterns are relative to the
context root (a leading ``/`` is dropped, paths are cleaned), ``*`` and ``?`` never cross a
``/`` while ``**`` does, a pattern matching a parent folder excludes everything under it, and
the last matching pattern wins, so ``!pattern`` re-includes what an earlier line excluded.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pattern:
    text: str  # cleaned, without the leading "!"
    exclusion: bool  # True for "!pattern" (re-include)
    line: int
    regex: re.Pattern[str]

    def matches(self, path: str) -> bool:
        return self.regex.fullmatch(path) is not None


@dataclass(frozen=True)
class IgnoreFile:
    """A parsed .dockerignore (``path`` is None for text given directly)."""

    path: Path | None
    patterns: tuple[Pattern, ...]

    @classmethod
    def parse(cls, text: str, path: Path | None = None) -> IgnoreFile:
        patterns = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            exclusion = line.startswith("!")
            if exclusion:
                line = line[1:].strip()
            if not line:
                continue
            cleaned = posixpath.normpath(line.replace("\\", "/"))
            if len(cleaned) > 1 and cleaned.startswith("/"):
                cleaned = cleaned.lstrip("/") or "."
            patterns.append(Pattern(cleaned, exclusion, number, _compile(cleaned)))
        return cls(path, tuple(patterns))

    def excludes(self, path: str) -> bool:
        """True when ``path`` (relative to the context root) is kept out of the context."""
        return self.deciding(path)[0]

    def deciding(self, path: str) -> tuple[bool, Pattern | None]:
        """Whether ``path`` is excluded, and the pattern that decided it (None: no pattern
        matched, so the file is in the context)."""
        matched = False
        decider: Pattern | None = None
        parent = posixpath.dirname(path)
        parents = parent.split("/") if parent else []
        for pattern in self.patterns:
            if pattern.exclusion != matched:  # only a pattern that can change the answer
                continue
            hit = pattern.matches(path)
            if not hit and parents:
                hit = any(pattern.matches("/".join(parents[: i + 1])) for i in range(len(parents)))
            if hit:
                matched = not pattern.exclusion
                decider = pattern
        return matched, decider


def _compile(pattern: str) -> re.Pattern[str]:
    """patternmatcher's translation: ``**`` any depth, ``*``/``?`` within one segment,
    ``[...]`` classes kept, ``\\`` escapes the next character."""
    out = ""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            if pattern[index + 1 : index + 2] == "*":
                index += 1
                if pattern[index + 1 : index + 2] == "/":
                    index += 1
                out += ".*" if index + 1 >= len(pattern) else "(.*/)?"
            else:
                out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "\\" and index + 1 < len(pattern):
            index += 1
            out += re.escape(pattern[index])
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out += re.escape(char)
            else:
                body = pattern[index + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += f"[{body}]"
                index = end
        else:
            out += re.escape(char)
        index += 1
    try:
        return re.compile(out)
    except re.error:  # a class Docker accepts but Python does not: match it literally
        return re.compile(re.escape(pattern))
