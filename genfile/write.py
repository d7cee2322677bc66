"""Write generated files safely: all or nothing, atomic, never through a link, backups kept.

A run writes in three steps. First every target is checked (a symlink, FIFO, device or folder
where a file should go is refused, as is an existing file that would change unless replacing
it was asked for), so a refusal writes nothing. Then every new file is staged as a temporary
file beside its target, and each file to be replaced is copied to a backup that never
overwrites an earlier one (``Dockerfile.bak``, then ``Dockerfile.bak.1``, ...). Last, in one
short critical section with SIGINT and SIGTERM held back, the staged files are renamed over
their targets. Temporary files are removed on every way out, and the folders are locked for
the run, so two genfile runs on one project never interleave their files.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import stat
import tempfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from genfile import validate
from genfile.errors import ExistingFileError, GenfileError

_HELD = {signal.SIGINT, signal.SIGTERM}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Written:
    path: Path
    status: str  # "created", "replaced" (a backup was kept), "unchanged"
    backup: Path | None = None


class InterruptedWrite(GenfileError):
    """SIGINT or SIGTERM arrived while the files were being renamed into place: the renames
    finished (an interrupted rename would leave a mix), and this says what was written."""

    exit_code = 130

    def __init__(self, written: list[Written]) -> None:
        self.written = written
        names = ", ".join(str(w.path) for w in written if w.status != "unchanged") or "nothing"
        super().__init__(f"interrupted after writing {names}", "run genfile again to check the files")


def _shown(path: Path) -> str:
    return validate.printable(str(path))


def _kind(path: Path) -> str | None:
    """What is at ``path`` without following a link: None (nothing), "file", or why not a file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a device or socket"


def _read(path: Path) -> str | None:
    """The text of a regular file (opened without following links or blocking), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    finally:
        os.close(fd)


def _backup_path(target: Path) -> Path:
    """The first free backup name: ``<name>.bak``, else ``<name>.bak.1``, ``.bak.2``, ...
    (a link or anything else already there counts as taken: it is never written through)."""
    candidate = target.with_name(target.name + ".bak")
    number = 0
    while os.path.lexists(candidate):
        number += 1
        candidate = target.with_name(f"{target.name}.bak.{number}")
    return candidate


def _create_exclusive(path: Path, data: bytes, mode: int) -> None:
    """A new file at ``path``: fails if anything (a link included) is already there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    try:
        with os.fdopen(fd, "wb", closefd=False) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        os.close(fd)


@contextlib.contextmanager
def _locked(folders: list[Path]) -> Iterator[None]:
    """An exclusive lock on each folder (its own descriptor, so no lock file is left behind)."""
    fds = []
    try:
        for folder in sorted(set(folders)):
            fd = os.open(folder, os.O_RDONLY)
            fds.append(fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in fds:
            os.close(fd)


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """SIGTERM ends the run as an exception (exit status 143), so the temporary files staged
    so far are removed on the way out instead of being left behind."""

    def stop(_number: int, _frame: object) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_held() -> Iterator[set[int]]:
    """SIGINT and SIGTERM wait until the block ends; the set says which ones arrived."""
    arrived: set[int] = set()
    previous = {s: signal.getsignal(s) for s in _HELD}
    try:
        for s in _HELD:
            signal.signal(s, lambda number, _frame: arrived.add(number))
    except ValueError:  # not the main thread: nothing to hold
        yield arrived
        return
    try:
        yield arrived
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _check(targets: Mapping[Path, str], replace: Collection[Path] | bool) -> tuple[list[Path], list[Path]]:
    """(targets that exist and change, targets unchanged); raises before anything is written."""
    changed: list[Path] = []
    same: list[Path] = []
    refused: list[Path] = []
    for target, text in targets.items():
        kind = _kind(target)
        if kind is None:
            continue
        if kind != "file":
            raise GenfileError(
                f"{_shown(target)} is {kind}, not a file genfile can replace",
                "remove it, or write elsewhere with --output-dir",
            )
        if _read(target) == text:
            same.append(target)
            continue
        changed.append(target)
        if not (replace is True or (replace and target in replace)):
            refused.append(target)
    if refused:
        names = ", ".join(_shown(t) for t in refused)
        raise ExistingFileError(
            f"{names} already exists", "rerun with --force to replace it (a .bak copy is kept)"
        )
    return changed, same


def _folder_for(target: Path) -> Path:
    folder = target.parent
    kind = _kind(folder)
    if kind not in (None, "a folder") and not folder.is_dir():
        raise GenfileError(f"{_shown(folder)} is not a folder", "give a folder with --output-dir")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GenfileError(
            f"{_shown(folder)}: cannot create the folder ({exc.strerror})",
            "check the path and your permissions",
        ) from exc
    return folder


def write_all(
    targets: Mapping[Path, str],
    *,
    replace: Collection[Path] | bool = False,
    backup: bool = True,
    no_backup: Collection[Path] = (),
) -> list[Written]:
    """Write every ``targets`` file, all or nothing (see the module docstring). ``replace``
    names the existing files that may change (True: any); ``no_backup`` those replaced
    without a backup (genfile's own genfile.toml, edited in place)."""
    folders = [_folder_for(t) for t in targets]
    staged: dict[Path, str] = {}
    written: list[Written] = []
    try:
        with _terminate_cleanly(), _locked(folders):
            changed, same = _check(targets, replace)
            try:
                for target, text in targets.items():
                    if target in same:
                        continue
                    mode = os.lstat(target).st_mode & 0o7777 if target in changed else 0o644
                    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                    staged[target] = tmp
                    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                        fh.write(text)
                        fh.flush()
                        os.fsync(fh.fileno())
                    os.chmod(tmp, mode)
                backups: dict[Path, Path] = {}
                for target in changed:
                    if backup and target not in no_backup:
                        old = _read(target)
                        if old is not None:
                            backups[target] = saved = _backup_path(target)
                            _create_exclusive(saved, old.encode("utf-8"), os.lstat(target).st_mode & 0o7777)
            except OSError as exc:
                path = Path(exc.filename) if exc.filename else next(iter(targets))
                raise GenfileError(
                    f"cannot write {_shown(path)} ({exc.strerror})",
                    "check the folder's permissions and free space; nothing was written",
                ) from exc
            with _signals_held() as arrived:
                for target in targets:
                    if target in same:
                        written.append(Written(target, "unchanged"))
                        continue
                    os.replace(staged[target], target)
                    del staged[target]
                    status = "replaced" if target in changed else "created"
                    written.append(Written(target, status, backups.get(target)))
            if arrived:
                raise InterruptedWrite(written)
    finally:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return written


def write_files(
    files: Mapping[str, str],
    out_dir: Path,
    *,
    replace: Collection[str] | bool = False,
    backup: bool = True,
) -> list[Written]:
    """Write ``files`` (name → text) into ``out_dir``: :func:`write_all` for one folder."""
    out_dir = Path(out_dir)
    targets = {out_dir / name: text for name, text in files.items()}
    names = replace if isinstance(replace, bool) else {out_dir / n for n in replace}
    return write_all(targets, replace=names, backup=backup)
