""".dockerignore read and matched the way BuildKit does (moby/patternmatcher), so "does this
file reach the build context" has the same answer here as in ``docker build``.

The semantics that matter, and that naive matchers get wrong: patterns are relative to the
context root (a leading ``/`` is dropped, paths are cleaned), ``*`` and ``?`` never cross a
``/`` while ``**`` does, a pattern matching a parent folder excludes everything under it, and
the last matching pattern wins, so ``!pattern`` re-includes what an earlier line excluded.

Matching takes bounded time whatever the file holds. patternmatcher translates a pattern into
a regular expression for Go's RE2, which never backtracks; Python's ``re`` does, and on
``**/**/**/x`` or ``*a*a*a*b`` it takes time exponential in the pattern. So each pattern is
compiled once into steps that map a set of positions in the paths to the set reachable after
the step, with the set held as the bits of an integer. All the paths asked about are matched
together (their positions side by side in one integer), so a pattern runs once however many
paths there are; a step costs a few integer operations, and since every consuming step moves
each position forward, at most about three steps per path character run before the set is
empty, however long the pattern. Patterns without wildcards (most lines) are looked up in a
dict, identical lines are compiled once, and each path's answer is kept.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Union

# A step is (kind, argument). Kinds that consume one character or more: a literal string, one
# character other than "/" (?), one character of a class ([...]). Kinds that may consume none:
# a run of a class, a run without "/" (*), nothing or anything ending in "/" (** before more
# pattern), anything (** at the end). In the regular expression patternmatcher's translation
# gives: the literal, [^/], [...], [...]*, [^/]*, (.*/)? and .*; "." does not match a newline.
_LITERAL, _ONE, _CLASS, _CLASS_RUN, _STAR, _DIRS, _REST = range(7)
Step = tuple[int, Union[str, "re.Pattern[str]", None]]  # noqa: UP007 (a runtime alias on 3.9)
Steps = tuple[Step, ...]
_BATCH = 64  # paths matched together


class Pattern(NamedTuple):
    text: str  # cleaned, without the leading "!"
    exclusion: bool  # True for "!pattern" (re-include)
    line: int
    steps: Steps | None = None  # None: no wildcard, a plain comparison

    def matches(self, path: str) -> bool:
        if self.steps is None:
            return path == self.text
        return bool(_run(self.steps, _Subject([path])) >> len(path) & 1)


class IgnoreFile:
    """A parsed .dockerignore (``path`` is None for text given directly)."""

    def __init__(self, path: Path | None, patterns: Iterable[Pattern]) -> None:
        self.path = path
        self._patterns: tuple[Pattern, ...] | None = tuple(patterns)
        self._index = _Index.of(self._patterns)

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        """Every pattern line, in file order."""
        if self._patterns is None:
            self._patterns = self._index.patterns()
        return self._patterns

    @classmethod
    def parse(cls, text: str, path: Path | None = None) -> IgnoreFile:
        # One pass that only files each line under its text; each distinct text is cleaned and
        # compiled once after it (a hostile file repeats one line half a million times).
        numbers: dict[str, list[int]] = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if line and line[0] != "#":
                found = numbers.get(line)
                if found is None:
                    numbers[line] = [number]
                else:
                    found.append(number)
        self = cls.__new__(cls)
        self.path = path
        self._index = _Index()
        self._patterns = None  # built on first use
        for line, lines in numbers.items():
            exclusion = line[0] == "!"
            if exclusion:
                line = line[1:].strip()
                if not line:
                    continue
            cleaned = posixpath.normpath(line.replace("\\", "/"))
            if len(cleaned) > 1 and cleaned.startswith("/"):
                cleaned = cleaned.lstrip("/") or "."
            self._index.add(cleaned, exclusion, lines)
        self._index.finish()
        return self

    def excludes(self, path: str) -> bool:
        """True when ``path`` (relative to the context root) is kept out of the context."""
        return self.deciding(path)[0]

    def deciding(self, path: str) -> tuple[bool, Pattern | None]:
        """Whether ``path`` is excluded, and the pattern that decided it (None: no pattern
        matched, so the file is in the context)."""
        return self.deciding_all([path])[0]

    def deciding_all(self, paths: Sequence[str]) -> list[tuple[bool, Pattern | None]]:
        """:meth:`deciding` for several paths, matched together (much faster than one by one
        when the file has many patterns)."""
        candidates = [_candidates(path) for path in paths]
        self._index.prepare(c for group in candidates for c in group)
        return [self._index.decide(group) for group in candidates]


def _candidates(path: str) -> list[str]:
    """The path and each of its parent folders: a pattern matching a parent excludes the path."""
    parent = posixpath.dirname(path)
    parents = parent.split("/") if parent else []
    return [path, *("/".join(parents[: i + 1]) for i in range(len(parents)))]


def _first_after(groups: list[list[int]], after: int) -> tuple[int, int]:
    """The smallest line number above ``after`` in any of the sorted lists, and which list."""
    best, where = -1, -1
    for position, numbers in enumerate(groups):
        at = bisect.bisect_right(numbers, after)
        if at < len(numbers) and (best < 0 or numbers[at] < best):
            best, where = numbers[at], position
    return best, where


class _Index:
    """Which patterns match a path. The lines holding one pattern form a group; a group
    without a wildcard is found through a dict, the others run once per batch of paths; the
    groups matching each path are kept."""

    def __init__(self) -> None:
        self.texts: list[str] = []  # per group: the cleaned pattern
        self.steps: list[Steps | None] = []
        self.plain: list[list[int]] = []  # per group: the line numbers of "pattern" lines
        self.exclusions: list[list[int]] = []  # and of "!pattern" lines
        self.group_of: dict[str, int] = {}
        self.literal: dict[str, int] = {}
        self.wild: list[tuple[Steps, int, str]] = []  # (steps, group, a literal it needs)
        self.cache: dict[str, list[int]] = {}

    @classmethod
    def of(cls, patterns: Sequence[Pattern]) -> _Index:
        index = cls()
        for pattern in patterns:
            index.add(pattern.text, pattern.exclusion, [pattern.line], pattern.steps)
        index.finish()
        return index

    def add(self, text: str, exclusion: bool, lines: list[int], steps: Steps | None = None) -> None:
        group = self.group_of.get(text)
        if group is None:
            group = self.group_of[text] = len(self.texts)
            self.texts.append(text)
            self.steps.append(_compile(text) if steps is None else steps)
            self.plain.append([])
            self.exclusions.append([])
        (self.exclusions if exclusion else self.plain)[group].extend(lines)

    def finish(self) -> None:
        for group, steps in enumerate(self.steps):
            self.plain[group].sort()
            self.exclusions[group].sort()
            if steps is None:
                self.literal[self.texts[group]] = group
            else:  # the longest literal of a pattern must appear in a path it matches
                self.wild.append((steps, group, _longest_literal(steps)))

    def patterns(self) -> tuple[Pattern, ...]:
        """Every pattern line, in file order."""
        found = [
            Pattern(self.texts[group], exclusion, line, self.steps[group])
            for group in range(len(self.texts))
            for exclusion, lines in ((False, self.plain[group]), (True, self.exclusions[group]))
            for line in lines
        ]
        return tuple(sorted(found, key=lambda pattern: pattern.line))

    def prepare(self, paths: Iterable[str]) -> None:
        todo = [p for p in dict.fromkeys(paths) if p not in self.cache]
        for start in range(0, len(todo), _BATCH):
            batch = todo[start : start + _BATCH]
            found = {path: [self.literal[path]] if path in self.literal else [] for path in batch}
            if self.wild:
                subject = _Subject(batch)
                for steps, group, literal in self.wild:
                    if literal and literal not in subject.joined:
                        continue  # the pattern needs text no path in the batch has
                    ends = _run(steps, subject) & subject.ends
                    while ends:
                        lowest = ends & -ends
                        found[subject.owner[lowest.bit_length() - 1]].append(group)
                        ends ^= lowest
            self.cache.update(found)

    def decide(self, candidates: list[str]) -> tuple[bool, Pattern | None]:
        """The last matching pattern wins, and an exclusion (``!``) only counts once an earlier
        pattern excluded the path: so the path is excluded when the last matching pattern is
        not an exclusion, and the decider is the first pattern of the last run of one kind."""
        groups = sorted({g for candidate in candidates for g in self.cache[candidate]})
        plain = [g for g in groups if self.plain[g]]
        exclusions = [g for g in groups if self.exclusions[g]]
        last_plain = max((self.plain[g][-1] for g in plain), default=-1)
        if last_plain < 0:
            return False, None  # no pattern excludes it (a lone "!pattern" re-includes nothing)
        last_exclusion = max((self.exclusions[g][-1] for g in exclusions), default=-1)
        if last_plain > last_exclusion:
            line, at = _first_after([self.plain[g] for g in plain], last_exclusion)
            group, exclusion = plain[at], False
        else:
            line, at = _first_after([self.exclusions[g] for g in exclusions], last_plain)
            group, exclusion = exclusions[at], True
        return not exclusion, Pattern(self.texts[group], exclusion, line, self.steps[group])


def _longest_literal(steps: Steps) -> str:
    return max((str(arg) for kind, arg in steps if kind == _LITERAL), key=len, default="")


_WILDCARD = re.compile(r"[*?\[]")
_SPECIAL = re.compile(r"[*?\[\\]")
# "**" (with the "/" after it), "*", "?", an escape, or a run of anything else
_TOKENS = re.compile(r"\*\*/?|\*|\?|\\[\s\S]?|[^*?\\]+")
_LITERAL_RUN = re.compile(r"(?:\\[\s\S]|[^\\\[(.*?+{}|^$)])+")
_UNESCAPE = re.compile(r"\\([\s\S])")
_CLASSES: dict[str, re.Pattern[str] | None] = {}


def _compile(pattern: str) -> Steps | None:
    """Steps for ``pattern`` (None: match it as a plain string).

    The pattern is first translated as patternmatcher does (``**`` any depth, ``*``/``?``
    within one segment, ``[...]`` classes kept, ``\\`` escapes the next character) into the
    regular expression genfile always built, then that expression is read into steps. Going
    through the expression keeps Python's reading of odd classes: in ``[]a]`` the first
    ``]`` is a member, so a class can run on over what follows. An expression Python
    rejects (a class such as ``[z-a]``) makes the pattern a plain string, as before."""
    if _WILDCARD.search(pattern) is None:
        return None  # no wildcard: a plain string comparison
    bracket = pattern.find("[")
    if bracket >= 0 and pattern.find("]", bracket + 1) >= 0:
        return _steps(_expression(pattern))
    # Without a class the expression holds nothing Python could read two ways: straight to steps.
    steps: list[Step] = []
    tokens = _TOKENS.findall(pattern)
    last = len(tokens) - 1
    for number, token in enumerate(tokens):
        if token.startswith("**"):
            _add(steps, (_REST, None) if number == last else (_DIRS, None))
        elif token == "*":
            _add(steps, (_STAR, None))
        elif token == "?":
            _add(steps, (_ONE, None))
        elif token.startswith("\\"):
            _add(steps, (_LITERAL, token[-1]))  # an escaped character, or a final "\\"
        else:
            _add(steps, (_LITERAL, token))
    return tuple(steps)


def _add(steps: list[Step], step: Step) -> None:
    """Append ``step``, joining literals and dropping a (.*/)? right after another."""
    if steps:
        last = steps[-1]
        if step[0] == _DIRS and last[0] == _DIRS:
            return  # (.*/)?(.*/)? is (.*/)?: "**/**/**/x" is "**/x"
        if step[0] == _LITERAL and last[0] == _LITERAL:
            steps[-1] = (_LITERAL, f"{last[1]}{step[1]}")
            return
    steps.append(step)


def _expression(pattern: str) -> str:
    """The regular expression genfile always built for a pattern (read back by _steps)."""
    out: list[str] = []
    index = 0
    size = len(pattern)
    while index < size:
        special = _SPECIAL.search(pattern, index)
        stop = special.start() if special else size
        if stop > index:
            out.append(re.escape(pattern[index:stop]))
            index = stop
        if special is None:
            break
        char = pattern[index]
        if char == "*":
            if pattern[index + 1 : index + 2] == "*":
                index += 1
                if pattern[index + 1 : index + 2] == "/":
                    index += 1
                out.append(".*" if index + 1 >= size else "(.*/)?")
            else:
                out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and index + 1 < size:
            index += 1
            out.append(re.escape(pattern[index]))
        elif char == "[" and pattern.find("]", index + 1) >= 0:
            end = pattern.find("]", index + 1)
            body = pattern[index + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append(f"[{body}]")
            index = end
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _steps(expression: str) -> Steps | None:
    """Read the expression :func:`_expression` builds into steps (None when Python rejects it:
    then the pattern is matched as a plain string, as genfile always did)."""
    steps: list[Step] = []

    def add(step: Step) -> None:
        _add(steps, step)

    index = 0
    size = len(expression)
    while index < size:
        run = _LITERAL_RUN.match(expression, index)
        if run is not None:
            add((_LITERAL, _UNESCAPE.sub(r"\1", run[0])))
            index = run.end()
        elif expression.startswith("(.*/)?", index):
            add((_DIRS, None))
            index += 6
        elif expression.startswith(".*", index):
            add((_REST, None))
            index += 2
        elif expression[index] == "[":
            end = _class_end(expression, index)
            if end < 0:
                return None
            members = expression[index : end + 1]
            index = end + 1
            repeated = expression[index : index + 1] == "*"
            index += repeated
            if members == "[^/]":
                add((_STAR, None) if repeated else (_ONE, None))
                continue
            compiled = _class(members)
            if compiled is None:
                return None  # a class Docker accepts but Python does not
            add((_CLASS_RUN, compiled) if repeated else (_CLASS, compiled))
        else:
            return None  # left over from a class that ran on: Python rejects the expression
    return tuple(steps)


def _class(members: str) -> re.Pattern[str] | None:
    """``[...]`` compiled once (None when Python rejects it)."""
    if members not in _CLASSES:
        if len(_CLASSES) > 4096:
            _CLASSES.clear()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "possible nested set" and the like
                _CLASSES[members] = re.compile(members)
        except re.error:
            _CLASSES[members] = None
    return _CLASSES[members]


def _class_end(expression: str, start: int) -> int:
    """Where Python ends the class opened at ``start``: a ``]`` right after ``[`` or ``[^``
    is a member, ``\\`` escapes the next character (-1: never closed)."""
    index = start + 1
    if expression[index : index + 1] == "^":
        index += 1
    if expression[index : index + 1] == "]":
        index += 1
    while index < len(expression):
        char = expression[index]
        if char == "\\":
            index += 2
        elif char == "]":
            return index
        else:
            index += 1
    return -1


_SEPARATOR = "\0"  # between the paths of a batch; no file name holds one


class _Subject:
    """Paths side by side, ``path\\0path\\0...``: bit i of a mask stands for "before character
    i of the joined string", so the positions of one path run from its first character to
    the separator after it (its end). Masks for literals and classes are made on first use."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.joined = _SEPARATOR.join(paths)
        self.size = len(self.joined)
        self.full = (1 << (self.size + 1)) - 1
        self.starts = 0
        self.ends = 0
        self.owner: dict[int, str] = {}  # bit of a path's end → the path
        offset = 0
        for path in paths:
            self.starts |= 1 << offset
            offset += len(path)
            self.ends |= 1 << offset
            self.owner[offset] = path
            offset += 1
        joined = self.joined
        self.not_slash = _mask(joined, lambda c: c != "/" and c != _SEPARATOR)
        self.any = _mask(joined, lambda c: c != "\n" and c != _SEPARATOR)  # what "." consumes
        self.slash = _mask(joined, lambda c: c == "/")
        self._literals: dict[str, int] = {}
        self._classes: dict[re.Pattern[str], int] = {}

    def literal(self, text: str) -> int:
        """Positions where ``text`` starts."""
        mask = self._literals.get(text)
        if mask is None:
            mask = 0
            if _SEPARATOR not in text:
                found = self.joined.find(text)
                while found >= 0:
                    mask |= 1 << found
                    found = self.joined.find(text, found + 1)
            self._literals[text] = mask
        return mask

    def in_class(self, pattern: re.Pattern[str]) -> int:
        mask = self._classes.get(pattern)
        if mask is None:
            mask = self._classes[pattern] = _mask(
                self.joined, lambda c: c != _SEPARATOR and pattern.match(c) is not None
            )
        return mask


def _mask(text: str, keep: object) -> int:
    bits = "".join("1" if keep(char) else "0" for char in reversed(text))  # type: ignore[operator]
    return int(bits, 2) if bits else 0


def _fill(state: int, run: int) -> int:
    """``state`` plus every position reachable from it through consecutive positions of
    ``run`` (and the one just past them): (run + lowest bit of state in it) carries up the run."""
    return state | (((state & run) + run) ^ run)


def _run(steps: Steps, subject: _Subject) -> int:
    """The positions reachable after all of ``steps`` from every path's start; a path matches
    when its end is among them."""
    state = subject.starts
    for kind, argument in steps:
        if kind == _LITERAL:
            text = str(argument)
            state = (state & subject.literal(text)) << len(text)
        elif kind == _ONE:
            state = (state & subject.not_slash) << 1
        elif kind == _CLASS:
            state = (state & subject.in_class(argument)) << 1  # type: ignore[arg-type]
        elif kind == _CLASS_RUN:  # [...]*: a class swallowed the [^/ of a "*"
            state = _fill(state, subject.in_class(argument))  # type: ignore[arg-type]
        elif kind == _STAR:  # [^/]*
            state = _fill(state, subject.not_slash)
        elif kind == _DIRS:  # (.*/)?: stay, or go past any "/" that .* reaches
            state |= (_fill(state, subject.any) & subject.slash) << 1
        else:  # _REST, .*
            state = _fill(state, subject.any)
        state &= subject.full
        if not state:
            return 0
    return state
