"""tsconfig.json, read as text (it is JSONC): where the TypeScript build writes its output."""

from __future__ import annotations

import re

from genfile.detectors.node import manifest
from genfile.evidence import Evidence
from genfile.repo import Repo

_OUT_DIR = re.compile(r""""outDir"\s*:\s*"([^"]+)\"""")


def ts_out_dir(repo: Repo) -> tuple[str | None, Evidence | None]:
    """``compilerOptions.outDir`` of the build's tsconfig, as a plain relative path."""
    for rel in ("tsconfig.build.json", "tsconfig.json"):
        if repo.is_file(rel):
            for number, line in enumerate(repo.lines(rel), start=1):
                m = _OUT_DIR.search(line)
                if m and (path := manifest.plain_path(m[1])):
                    return path, Evidence(rel, number, f"outDir {path}")
    return None, None
