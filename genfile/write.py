"""Write generated files safely: all-or-nothing checks, atomic replacement, backups.

Nothing is written until every target has been checked, so a refusal never leaves half the
files behind. Each file is written to a temporary file in the same folder and renamed over
the target, so an interrupted run leaves the old file or the new one, never a partial one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from genfile.errors import ExistingFileError, GenfileError


@dataclass(frozen=True)
class Written:
    path: Path
    status: str  # "created", "replaced" (a backup was kept), "unchanged"
    backup: Path | None = None


def write_files(
    files: Mapping[str, str],
    out_dir: Path,
    *,
    replace: Collection[str] | bool = False,
    backup: bool = True,
) -> list[Written]:
    """Write ``files`` into ``out_dir``; an existing file that would change is replaced only
    when ``replace`` names it (True: any), otherwise nothing at all is written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise GenfileError(f"{out_dir}: not a folder", "give a folder with --output-dir")
    existing = [
        name for name, text in files.items() if (out_dir / name).exists() and not _same(out_dir / name, text)
    ]
    refused = [n for n in existing if not (replace is True or (replace and n in replace))]
    if refused:
        names = ", ".join(str(out_dir / n) for n in refused)
        raise ExistingFileError(
            f"{names} already exists", "rerun with --force to replace it (a .bak copy is kept)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for name, text in files.items():
        target = out_dir / name
        if target.exists() and _same(target, text):
            results.append(Written(target, "unchanged"))
            continue
        saved = None
        if target.exists():
            if target.is_dir():
                raise GenfileError(f"{target}: is a folder", "move it away and run genfile again")
            if backup:
                saved = target.with_name(target.name + ".bak")
                shutil.copy2(target, saved)
        atomic_write(target, text)
        results.append(Written(target, "replaced" if name in existing else "created", saved))
    return results


def _same(path: Path, text: str) -> bool:
    try:
        return path.is_file() and path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def atomic_write(target: Path, text: str) -> None:
    """Replace ``target`` with ``text`` in one rename, keeping the old file's permissions."""
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
