"""Angular: ``ng build`` writes a static site (``<outputPath>/browser`` with the application
builder), or, with ``@angular/ssr``, a Node server in ``<outputPath>/server/server.mjs``."""

from __future__ import annotations

from genfile.detectors.node import manifest
from genfile.detectors.node.frameworks import spa
from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

CONFIG = "angular.json"
SSR_PORT = 4000  # the port the generated server.ts listens on unless PORT says otherwise


def _build_options(repo: Repo) -> tuple[str | None, dict[str, object], Evidence | None]:
    """(builder, build options, evidence) of the first application project in angular.json."""
    try:
        data = repo.json(CONFIG)
    except ManifestError:
        return None, {}, None
    projects = data.get("projects") if isinstance(data, dict) else None
    if not isinstance(projects, dict):
        return None, {}, None
    for name, project in projects.items():
        if not isinstance(project, dict) or project.get("projectType", "application") != "application":
            continue
        build = (project.get("architect") or project.get("targets") or {}).get("build")
        if isinstance(build, dict):
            raw = build.get("options")
            options: dict[str, object] = raw if isinstance(raw, dict) else {}
            line = manifest.line_of(repo, "projects", str(name), "outputPath", rel=CONFIG)
            return str(build.get("builder", "")), options, Evidence(CONFIG, line, f"project {name}")
    return None, {}, None


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not (pkg.has("@angular/core") and repo.is_file(CONFIG)):
        return None
    builder, options, config_ev = _build_options(repo)
    raw = options.get("outputPath")
    base = raw.get("base") if isinstance(raw, dict) else raw
    out = manifest.plain_path(base) if isinstance(base, str) else None
    out = out or "dist"
    application = (builder or "").endswith(":application") or "browser" in options
    ev = (dependency_evidence(repo, pkg, "@angular/core", "Angular"), *((config_ev,) if config_ev else ()))
    if pkg.has("@angular/ssr") and (options.get("ssr") or options.get("server")):
        entry = f"{out}/server/server.mjs"
        return Framework(
            "angular",
            "Angular (SSR)",
            "server",
            SSR_PORT,
            ev,
            start=Start(("node", entry), "Angular SSR server", ev, entry),
            outputs=((out, out),),
            reads_port=True,
        )
    return Framework(
        "angular",
        "Angular (static ng build)",
        "static",
        spa.DEFAULT_PORT,
        ev,
        static_root=f"{out}/browser" if application else out,
        fallback=True,
    )
