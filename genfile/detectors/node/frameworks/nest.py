"""NestJS: compiled by ``nest build`` into tsconfig's outDir (``dist``), started from ``main.js``."""

from __future__ import annotations

from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.detectors.node.tsconfig import ts_out_dir
from genfile.repo import Repo

DEFAULT_PORT = 3000  # the port its server listens on unless PORT says otherwise


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("@nestjs/core"):
        return None
    out_dir, out_ev = ts_out_dir(repo)
    out_dir = out_dir or "dist"
    ev = (dependency_evidence(repo, pkg, "@nestjs/core", "NestJS"), *((out_ev,) if out_ev else ()))
    entry = f"{out_dir}/main.js"
    return Framework(
        "nestjs",
        "NestJS",
        "server",
        DEFAULT_PORT,
        ev,
        default_start=Start(("node", entry), "NestJS compiled entry", ev, entry),
        outputs=((out_dir, out_dir),),
    )
