"""Next.js: standalone output when configured, ``next start`` otherwise, static export.

``output: 'standalone'`` makes ``next build`` trace the files the server needs into
``.next/standalone`` (with a minimal node_modules and a ``server.js``), so the image carries
no production install at all; ``.next/static`` and ``public`` are copied beside it, as the
Next.js documentation prescribes. Without it, ``next start`` serves ``.next`` with the
production dependencies. ``output: 'export'`` is a static site (``out``).
"""

from __future__ import annotations

import re

from genfile.detectors.node import manifest
from genfile.detectors.node.frameworks.base import Framework
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.evidence import Evidence
from genfile.repo import Repo

CONFIGS = ("next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs")
_OUTPUT = re.compile(r"""\boutput\s*:\s*['"](standalone|export)['"]""")
# Next.js 8-11's serverless targets: `next build` writes functions for a platform, and `next
# start` refuses to serve them ("Cannot start server when target is not server").
_TARGET = re.compile(r"""\btarget\s*:\s*['"]((?:experimental-)?serverless(?:-trace)?)['"]""")
DEFAULT_PORT = 3000
ENV = (("NEXT_TELEMETRY_DISABLED", "1"),)


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("next"):
        return None
    dep_ev = manifest.evidence(repo, "next", note="next dependency")
    config = next((c for c in CONFIGS if repo.is_file(c)), None)
    output = None
    evidence = [dep_ev]
    if config:
        for number, line in enumerate(repo.lines(config), start=1):
            m = _OUTPUT.search(line.split("//", 1)[0])
            if m:
                output = m[1]
                evidence.append(Evidence(config, number, manifest.clean_note(line)))
                break
    target = None
    if config:
        for number, line in enumerate(repo.lines(config), start=1):
            t = _TARGET.search(line.split("//", 1)[0])
            if t:
                target = Evidence(config, number, manifest.clean_note(line))
                break
    if target is not None and output != "export":
        return Framework(
            "next",
            "Next.js (serverless target)",
            "server",
            DEFAULT_PORT,
            (*evidence, target),
            unrunnable=True,
            notes=(
                f"{target.where()}: the serverless target builds functions for a hosting platform, "
                "which `next start` refuses to serve: no start command; delete the target line (the "
                "default server target runs in a container; Next.js 12 removed the others) or give "
                "one with --cmd",
            ),
        )
    public = ("public",) if repo.is_dir("public") else ()
    if output == "export":
        return Framework(
            "next",
            "Next.js (static export)",
            "static",
            8080,
            tuple(evidence),
            static_root="out",
            error_page="404.html",
        )
    if output == "standalone":
        outputs = (
            (".next/standalone", "./"),
            (".next/static", ".next/static"),
            *((p, p) for p in public),
        )
        start = Start(("node", "server.js"), "Next.js standalone server", tuple(evidence[-1:]), "server.js")
        return Framework(
            "next",
            "Next.js (standalone output)",
            "server",
            DEFAULT_PORT,
            tuple(evidence),
            start=start,
            outputs=outputs,
            self_contained=True,
            # server.js binds to $HOSTNAME, which Docker sets to the container ID.
            env=(("HOSTNAME", "0.0.0.0"), *ENV),
            build_env=ENV,
            writable=(".next/cache",),
            build_caches=(".next/cache",),
            handles_signals=True,
            reads_port=True,
        )
    notes = (
        "add output: 'standalone' to the Next.js config for a smaller image without a production install",
    )
    return Framework(
        "next",
        "Next.js (next start)",
        "server",
        DEFAULT_PORT,
        tuple(evidence),
        default_start=Start(("node_modules/.bin/next", "start"), "next start", (dep_ev,)),
        outputs=((".next", ".next"), *((p, p) for p in public)),
        runtime_files=(config,) if config else (),
        env=ENV,
        build_env=ENV,
        writable=(".next/cache",),
        build_caches=(".next/cache",),
        handles_signals=True,
        reads_port=True,
        notes=notes,
        build_bin=("next", "build"),
    )
