"""Checks for values that travel from a repository (or a flag) into generated files.

A value read from someone's repository is data: before it reaches a template it is checked
against what it must be (a port is a port, a version a version, a module path a module path),
so a hostile manifest can never add or alter a Dockerfile instruction.
"""

from __future__ import annotations

import re
import shlex

from genfile import errors
from genfile.errors import ChoiceError

_VERSION = re.compile(r"^\d{1,4}(\.\d{1,4}){0,2}$")
# Characters that end a comment line, move a terminal's cursor or retitle its window, or that
# YAML and JSON readers refuse: C0 and C1 controls, DEL, the Unicode line and paragraph
# separators, the byte-order mark and the two noncharacters U+FFFE/U+FFFF (one definition,
# in genfile.errors, which this module imports).
UNPRINTABLE = errors.UNPRINTABLE
_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_SAFE_ARG = re.compile(r"^[^\x00-\x1f\x7f]*$")


def port(value: object, source: str = "--port") -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise ChoiceError(
            f"{source}: {value!r} is not a port number", "use a number from 1 to 65535"
        ) from None
    if not 1 <= number <= 65535:
        raise ChoiceError(f"{source}: {number} is not a port number", "use a number from 1 to 65535")
    return number


def version(value: str, source: str) -> str:
    """A language version as image tags spell it: ``3.12``, ``22``, ``1.24``, ``1.24.2``."""
    if not _VERSION.fullmatch(value):
        raise ChoiceError(f"{source}: {value!r} is not a version", "use numbers and dots, like 3.12 or 22")
    return value


def is_module(value: str) -> bool:
    return bool(_MODULE.fullmatch(value))


def command(value: str | tuple[str, ...] | list[str], source: str = "--cmd") -> tuple[str, ...]:
    """A start command as an argument vector, safe for a JSON exec-form ``CMD``."""
    if isinstance(value, str):
        try:
            argv = tuple(shlex.split(value))
        except ValueError as exc:
            raise ChoiceError(f"{source}: cannot split {value!r} ({exc})", "check the quotes") from None
    else:
        argv = tuple(value)
    if not argv:
        raise ChoiceError(f"{source}: the start command is empty", "give the command that starts the app")
    for arg in argv:
        if not _SAFE_ARG.fullmatch(arg):
            raise ChoiceError(f"{source}: control characters in {arg!r}", "remove them from the command")
    return argv


def printable(text: str) -> str:
    """``text`` with every unprintable character written as an escape (``\\n``, ``\\x1b``):
    what genfile prints or writes into a comment can never start a line or drive a terminal."""
    return UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], text)


def is_printable(text: str) -> bool:
    return UNPRINTABLE.search(text) is None


def display_name(name: str) -> str:
    """A project name safe to print in a comment: no control characters (a newline would end
    the comment and start an instruction), at most 100 characters."""
    cleaned = re.sub(f"(?:{UNPRINTABLE.pattern})+", " ", name).strip()
    return cleaned[:100] or "app"


def image_name(project_name: str) -> str:
    """A Docker image name derived from the project name (lowercase, ``[a-z0-9._-]``)."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", project_name.lower()).strip("-._")
    return slug[:64] or "app"


_PACKAGE = re.compile(r"^[a-z0-9][a-z0-9+.-]{0,99}$")


def packages(names: tuple[str, ...] | list[str], source: str = "--system-packages") -> tuple[str, ...]:
    """Debian/Alpine package names (``libpq5``, ``ca-certificates``), deduplicated, in order."""
    for name in names:
        if not _PACKAGE.fullmatch(name):
            raise ChoiceError(f"{source}: {name!r} is not a package name", "use names like libpq5 or curl")
    return tuple(dict.fromkeys(names))


def uid(value: object, source: str = "--uid") -> int:
    """An unprivileged numeric user ID (never 0: the image must not run as root)."""
    try:
        number = int(str(value))
    except ValueError:
        raise ChoiceError(f"{source}: {value!r} is not a number", "use a UID from 1 to 2147483647") from None
    if not 1 <= number <= 2_147_483_647:
        raise ChoiceError(f"{source}: {number} is not an unprivileged UID", "use a UID from 1 to 2147483647")
    return number


def files(names: tuple[str, ...], known: tuple[str, ...], source: str = "--files") -> tuple[str, ...]:
    for name in names:
        if name not in known:
            raise ChoiceError(f"{source}: genfile does not write {name!r}", f"choose from {', '.join(known)}")
    if not names:
        raise ChoiceError(f"{source}: no file chosen", f"choose from {', '.join(known)}")
    return tuple(n for n in known if n in names)
