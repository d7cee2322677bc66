"""Read-only access to the project being inspected.

Detectors never touch ``open()`` directly: every read goes through :class:`Repo`, which turns
the ways a file can be broken (binary, undecodable, a folder where a file should be, malformed
TOML or JSON) into one :class:`~genfile.errors.ManifestError` naming the file, and which walks
the tree in a bounded way that skips dependency and VCS folders and never follows symlinks.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from genfile import validate
from genfile.errors import ManifestError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python < 3.11
    import tomli as tomllib

# Folders that never hold the project's own source: dependencies, VCS data, caches, build output.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "dist",
        "build",
        "vendor",
        ".idea",
        ".vscode",
        "site-packages",
        ".cache",
        ".next",
        "coverage",
        "htmlcov",
    }
)
MAX_TEXT_BYTES = 2_000_000  # manifests and source files larger than this are not project files


def _walkable(entry: os.DirEntry[str]) -> bool:
    """A folder the walk descends into: not a dependency/VCS/cache folder, no virtualenv."""
    name = entry.name
    if name in SKIP_DIRS or name.endswith(".egg-info"):
        return False
    return not os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class Repo:
    """A project folder, read as text with errors that name the file."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.truncated = 0  # a walk stopped at this many files (0: none did)
        self.unprintable = 0  # names left out of walks because they hold control characters

    def path(self, rel: str) -> Path:
        return self.root / rel

    def exists(self, rel: str) -> bool:
        """True when ``rel`` names something (file or folder) inside the project."""
        return self._inside(rel) and os.path.lexists(self.root / rel)

    def is_file(self, rel: str) -> bool:
        return self._inside(rel) and self._mode_is(rel, stat.S_ISREG)

    def is_dir(self, rel: str) -> bool:
        return self._inside(rel) and self._mode_is(rel, stat.S_ISDIR)

    def _mode_is(self, rel: str, kind: Callable[[int], bool]) -> bool:
        """Whether ``rel`` is of that kind; a name the system refuses (longer than NAME_MAX,
        a path over PATH_MAX), which pathlib raises on before Python 3.14, is none."""
        try:
            return kind(os.stat(self.root / rel).st_mode)
        except (OSError, ValueError):
            return False

    def _inside(self, rel: str) -> bool:
        """Refuse paths (or symlinks) that lead outside the project."""
        try:
            target = (self.root / rel).resolve()
        except (OSError, RuntimeError):  # symlink loop
            return False
        return target == self.root or self.root in target.parents

    def text(self, rel: str) -> str:
        """The file's text; any problem reading it is a ManifestError naming it.

        Only regular files are read (a FIFO would block forever, a device never end), and at
        most :data:`MAX_TEXT_BYTES` of them; the file is opened without blocking and checked
        again once open, so a file swapped for a FIFO in between is refused too.
        """
        p = self.root / rel
        if not self._inside(rel):
            raise ManifestError(rel, "points outside the project", fix="replace the link with a file")
        if p.is_dir():
            raise ManifestError(rel, "is a folder, expected a file", fix="remove or rename it")
        try:
            fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        except OSError as exc:
            raise ManifestError(rel, f"cannot be read ({exc.strerror})", fix="check its permissions") from exc
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ManifestError(rel, "is not a regular file (a FIFO, device or socket)", fix="replace it")
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read(MAX_TEXT_BYTES + 1)
        except OSError as exc:
            raise ManifestError(rel, f"cannot be read ({exc.strerror})", fix="check its permissions") from exc
        finally:
            os.close(fd)
        if len(data) > MAX_TEXT_BYTES:
            raise ManifestError(rel, "is too large to be a project manifest", fix="check the file")
        if b"\0" in data:
            raise ManifestError(rel, "is a binary file, expected text", fix="replace it with a text file")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ManifestError(rel, "is not valid UTF-8 text", fix="save it as UTF-8") from exc

    def lines(self, rel: str) -> list[str]:
        return self.text(rel).splitlines()

    def toml(self, rel: str) -> dict[str, Any]:
        """Parsed TOML; a syntax error reports the line and column the parser gives."""
        return _parse_toml(self.text(rel), rel)

    def json(self, rel: str) -> Any:
        text = self.text(rel)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManifestError(rel, f"invalid JSON ({exc.msg})", line=exc.lineno, column=exc.colno) from exc
        except RecursionError:
            raise ManifestError(rel, "nests too deeply to be a manifest", fix="check the file") from None

    def find_line(self, rel: str, pattern: str | re.Pattern[str]) -> int | None:
        """1-based number of the first line matching ``pattern``, for evidence."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        for number, line in enumerate(self.lines(rel), start=1):
            if rx.search(line):
                return number
        return None

    def walk(self, suffixes: tuple[str, ...], max_depth: int = 6, limit: int = 5000) -> Iterator[str]:
        """Relative paths of project files ending in ``suffixes``, shallowest folders first.

        Breadth-first, so in a huge repository the app at the top or in ``web/`` is read before
        the cap (``limit`` files) is reached; when it is, :attr:`truncated` says so. Skips
        dependency/VCS/cache folders and virtual environments (``pyvenv.cfg``), never follows a
        symlink, yields regular files only (never a FIFO), and leaves out names that hold
        unprintable characters (counted in :attr:`unprintable`): such a name cannot be written
        into a Dockerfile safely, so no value is ever derived from it.
        """
        count = 0
        queue: deque[tuple[str, int]] = deque([("", 0)])
        while queue:
            rel_dir, depth = queue.popleft()
            try:
                with os.scandir(self.root / rel_dir if rel_dir else self.root) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:
                continue  # an unreadable folder holds nothing genfile can use
            for entry in entries:
                if not validate.is_printable(entry.name):
                    self.unprintable += 1
                    continue
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if depth + 1 < max_depth + 1 and _walkable(entry):
                            queue.append((rel, depth + 1))
                        continue
                    regular = entry.is_file(follow_symlinks=False)
                except OSError:
                    continue
                if regular and entry.name.endswith(suffixes):
                    count += 1
                    if count > limit:
                        self.truncated = limit
                        return
                    yield rel


def _parse_toml(text: str, rel: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ManifestError(rel, "nests too deeply to be a manifest", fix="check the file") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        match = _TOML_POSITION.search(msg)
        problem = _TOML_POSITION.sub("", msg).strip()
        line, column = (int(match[1]), int(match[2])) if match else (None, None)
        raise ManifestError(rel, f"invalid TOML ({problem})", line=line, column=column) from exc
