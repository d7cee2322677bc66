"""A peer example and its ``test.json``: what a correct image must do, read as typed cases.

Railpack writes ``test.json`` as JSON with ``//`` comments and trailing commas (its Go test
reads it with a lenient decoder), so both are removed before parsing: comments only outside
strings, commas only before a closing bracket.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_TRAILING_COMMA = re.compile(r",(\s*[\]}])")


def strip_jsonc(text: str) -> str:
    """``text`` without ``//`` and ``/* */`` comments (outside strings) and trailing commas."""
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
            out.append(ch)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(ch)
            i += 1
    return _strip_trailing_commas("".join(out))


def _strip_trailing_commas(text: str) -> str:
    """Drop ``,`` before ``]``/``}`` outside strings (a comma inside a string stays)."""
    pieces = re.split(r'("(?:[^"\\]|\\.)*")', text)
    return "".join(p if k % 2 else _TRAILING_COMMA.sub(r"\1", p) for k, p in enumerate(pieces))


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"expected a string or a list of strings, got {value!r}")


@dataclass(frozen=True)
class HttpCheck:
    path: str
    expected: int
    internal_port: int
    body: tuple[str, ...]  # strings the response body must contain


@dataclass(frozen=True)
class Case:
    """One case of a ``test.json``: run the image (with ``envs``) and check what it does."""

    index: int
    expected_output: tuple[str, ...] = ()
    http: HttpCheck | None = None
    envs: dict[str, str] = field(default_factory=dict)
    should_fail: bool = False
    just_build: bool = False
    platform: str | None = None  # a cross-platform run (emulation), e.g. "linux/amd64"
    skip_arch: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        if self.should_fail:
            return "build fails"
        if self.just_build:
            return "builds"
        return "http" if self.http else "output"

    def describe(self) -> str:
        """One line for the report: what the case checks."""
        if self.http:
            want = f"GET {self.http.path} → {self.http.expected}"
            return want + (f" with {', '.join(map(repr, self.http.body))}" if self.http.body else "")
        if self.expected_output:
            return "prints " + ", ".join(repr(s) for s in self.expected_output)
        return self.kind


def parse_cases(text: str) -> list[Case]:
    """The cases of a ``test.json`` text (raises ``ValueError`` on a shape it cannot read)."""
    data = json.loads(strip_jsonc(text))
    if not isinstance(data, list):
        raise ValueError("test.json must hold a list of cases")
    cases = []
    for index, raw in enumerate(data):
        if not isinstance(raw, dict):
            raise ValueError(f"case {index} is not an object")
        http = None
        if isinstance(raw.get("httpCheck"), dict):
            hc = raw["httpCheck"]
            http = HttpCheck(
                path=str(hc.get("path") or "/"),
                expected=int(hc.get("expected") or 200),
                internal_port=int(hc["internalPort"]),
                body=_strings(hc.get("expectedOutput")),
            )
        envs = raw.get("envs") or {}
        cases.append(
            Case(
                index=index,
                expected_output=_strings(raw.get("expectedOutput")),
                http=http,
                envs={str(k): str(v) for k, v in envs.items()},
                should_fail=bool(raw.get("shouldFail")),
                just_build=bool(raw.get("justBuild")),
                platform=raw.get("platform"),
                skip_arch=_strings(raw.get("skipArch")),
            )
        )
    return cases


@dataclass(frozen=True)
class Example:
    """One example app of the peer suite."""

    name: str
    path: Path
    cases: tuple[Case, ...]

    @property
    def language(self) -> str:
        """The example's language, from the files it holds (for the per-language totals)."""
        p = self.path
        if (p / "go.mod").is_file() or (p / "go.work").is_file():
            return "Go"
        if any((p / f).is_file() for f in ("package.json", "package.json5", "package.yaml")):
            return "Node/Bun"
        if any(p.glob("*.py")) or any(
            (p / f).is_file() for f in ("pyproject.toml", "requirements.txt", "Pipfile")
        ):
            return "Python"
        return "static"


def load_examples(suite: Path, only: set[str] | None = None) -> list[Example]:
    """Every example folder with a ``test.json`` under ``suite/examples`` (or ``suite``)."""
    root = suite / "examples" if (suite / "examples").is_dir() else suite
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        test = folder / "test.json"
        if not test.is_file() or (only is not None and folder.name not in only):
            continue
        found.append(Example(folder.name, folder, tuple(parse_cases(test.read_text(encoding="utf-8")))))
    if only:
        missing = only - {e.name for e in found}
        if missing:
            raise SystemExit(f"peer_suite: no example named {', '.join(sorted(missing))} in {root}")
    return found
