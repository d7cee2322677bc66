"""The folder the project lands in, and the staging folder that makes ``genfile new`` all or
nothing.

The project is generated in a hidden staging folder beside the target and moved into place
only once it (and its container files) exist; whatever fails before that, the staging folder
and any parent folders made for it are removed. An existing, non-empty target is never
written into without ``--force``, and then a replaced file keeps a ``.bak`` copy.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from genfile.scaffold.errors import TargetExistsError

STAGING_PREFIX = ".genfile-new-"


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def check_target(target: Path, shown: str, force: bool) -> None:
    """Refuse a target that is a file, or a non-empty folder without ``force``."""
    if target.exists() and not target.is_dir():
        raise TargetExistsError(f"{shown} exists and is not a folder", "choose another folder")
    if target.is_dir() and not _is_empty_dir(target) and not force:
        raise TargetExistsError(
            f"{shown} already exists and is not empty",
            "choose another folder, or rerun with --force to write into it (replaced files keep a .bak copy)",
        )


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns the ones created (deepest last)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


@contextlib.contextmanager
def staging_folder(parent: Path) -> Iterator[Path]:
    """A fresh hidden folder in ``parent`` (made, with its missing parents, if need be),
    removed afterwards; on any failure (Ctrl-C included) the parents made for it go too."""
    created: list[Path] = []
    staging: Path | None = None
    try:
        created = _make_parents(parent)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
        yield staging
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for folder_made in reversed(created):  # deepest first; rmdir keeps anything non-empty
            with contextlib.suppress(OSError):
                folder_made.rmdir()
        raise
    shutil.rmtree(staging, ignore_errors=True)


def move_into_place(project: Path, final: Path) -> None:
    """Move the generated ``project`` to ``final``: renamed when ``final`` does not exist,
    merged into it when it does."""
    if final.exists():
        _merge(project, final)
    else:
        project.rename(final)


def _merge(source: Path, target: Path) -> None:
    """Move the generated tree into an existing folder (empty, or with --force): a file that
    differs from the one it replaces leaves a ``.bak`` copy, as ``genfile init --force`` does.
    Every clash between a file and a folder is found before anything moves."""
    folders: list[Path] = []
    pairs: list[tuple[Path, Path]] = []
    for root, dirs, files in os.walk(source):
        rel = Path(root).relative_to(source)
        for name in dirs:
            dest = target / rel / name
            if dest.exists() and not dest.is_dir():
                raise TargetExistsError(f"{dest} is a file where the template has a folder", "move it away")
            folders.append(dest)
        for name in files:
            dest = target / rel / name
            if dest.is_dir():
                raise TargetExistsError(f"{dest} is a folder where the template has a file", "move it away")
            pairs.append((Path(root) / name, dest))
    for folder in folders:  # empty ones included
        folder.mkdir(parents=True, exist_ok=True)
    for src, dest in pairs:
        if dest.exists() or dest.is_symlink():
            if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
                continue
            shutil.copy2(dest, dest.with_name(dest.name + ".bak"), follow_symlinks=False)
        os.replace(src, dest)
