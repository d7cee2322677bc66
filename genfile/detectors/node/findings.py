"""Everything the Node detector reads from a project, in one pass, as typed findings.

package.json (:mod:`.manifest`), the package manager and its lockfile
(:mod:`.package_manager`), the Node version (:mod:`.versions`), the framework
(:mod:`.frameworks`), the start command (:mod:`.start`), and the port and signal handling read
from the code (:mod:`.ports`). Facts, warnings and the plan are derived from the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from genfile.detection import Findings
from genfile.detectors.node import frameworks, manifest, package_manager, ports, start, versions
from genfile.detectors.node.frameworks.base import Framework
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.package_manager import PackageManager
from genfile.detectors.node.start import Start
from genfile.detectors.node.tsconfig import ts_out_dir
from genfile.errors import ManifestError
from genfile.evidence import Evidence, Fact
from genfile.repo import Repo

# nginx reads no environment: at start, the configuration takes $PORT (the platform's, else
# the image's ENV PORT) into /tmp, and exec makes nginx PID 1.
STATIC_COMMAND = (
    "sh",
    "-c",
    'sed "s/@PORT@/${PORT}/" /etc/nginx/nginx.conf.template > /tmp/nginx.conf '
    "&& exec nginx -c /tmp/nginx.conf -g 'daemon off;'",
)
# Folders the server may read at run time besides the compiled output (copied when present).
RUNTIME_DIRS = ("public", "views", "static", "templates", "locales", "prisma")
# Conventional build output folders (excluded from the context only when the image builds them).
BUILD_DIRS = ("dist", "build", "out")
INSTALL_HOOKS = ("preinstall", "install", "postinstall", "prepare")


@dataclass(frozen=True)
class NodeFindings(Findings):
    """What a Node project says about itself."""

    pkg: PackageJson
    manager: PackageManager
    version: Fact  # the Node line, with the evidence that chose it
    version_warnings: tuple[str, ...]
    framework: Framework
    start: Start | None
    start_notes: tuple[str, ...]  # why a stated start could not be used
    port: int
    port_evidence: Evidence
    code: ports.CodeFacts  # what the code says about its port and SIGTERM
    build_script: str | None
    build_evidence: Evidence | None
    outputs: tuple[tuple[str, str], ...]
    whole_app: bool  # the build writes where genfile cannot tell: ship the built folder
    entry_missing: bool  # the entry file is neither in the repository nor built
    workspace_root: bool
    secret_files: tuple[str, ...]  # .npmrc, and config files with a registry token

    @property
    def kind(self) -> str:
        return self.framework.kind

    @property
    def hooks(self) -> tuple[str, ...]:
        """Install lifecycle scripts, which run while only the manifests are in the image."""
        return tuple(h for h in INSTALL_HOOKS if h in self.pkg.scripts)


def _outputs(
    repo: Repo, fw: Framework, entry: str | None, build: str | None
) -> tuple[tuple[tuple[str, str], ...], bool]:
    """What the final image copies from the build stage, or "the whole built folder"."""
    if build is None:
        return (), False
    if fw.outputs:
        return fw.outputs, False
    if entry and "/" in entry:
        top = entry.split("/", 1)[0]
        # An entry under a folder the build writes: not in the repository (or a stale copy of
        # a conventional output folder, or tsconfig's outDir). A source folder such as lib/
        # that is in the repository stays source.
        if not repo.exists(top) or top in BUILD_DIRS or top == ts_out_dir(repo)[0]:
            extra = tuple((d, d) for d in RUNTIME_DIRS if repo.is_dir(d))
            return ((top, top), *extra), False
    return (), True


def _start(
    repo: Repo, pkg: PackageJson, fw: Framework, build: str | None
) -> tuple[Start | None, tuple[str, ...]]:
    if fw.kind == "static":
        return (
            Start(STATIC_COMMAND, "nginx serving the build output", fw.evidence[:1]) if build else None
        ), ()
    resolver = start.Resolver(repo, pkg, build)
    found, notes = start.choose(repo, pkg, resolver, fw.start, fw.default_start)
    return found, tuple(notes)


def _port(found: Start | None, fw: Framework, code: ports.CodeFacts) -> tuple[int, Evidence]:
    """The command line, the framework's configuration, the code, then the framework's default."""
    if found is not None and found.port is not None:
        return found.port, found.evidence[-1]
    if fw.port is not None and fw.port_evidence is not None:
        return fw.port, fw.port_evidence
    if code.port is not None and code.port_evidence is not None:
        return code.port, code.port_evidence
    return fw.default_port, Evidence(None, None, f"default for {fw.label}")


def find(repo: Repo) -> NodeFindings | None:
    """Read the project (None: there is no package.json)."""
    if repo.is_dir(manifest.MANIFEST):
        raise ManifestError(manifest.MANIFEST, "is a folder, expected a file", fix="remove or rename it")
    if not repo.is_file(manifest.MANIFEST):
        return None
    pkg = manifest.read(repo)
    pm = package_manager.detect(repo, pkg)
    version, version_warnings = versions.detect(repo, pkg.engines_node, pkg.volta_node)
    fw = frameworks.detect(repo, pkg)
    build = "build" if "build" in pkg.scripts else None
    found, start_notes = _start(repo, pkg, fw, build)
    code = ports.CodeFacts(None, None, False, None)
    if fw.kind == "server":
        entry_files = ports.entry_sources(found.entry if found else None)
        code = ports.scan(repo, ports.source_files(repo, entry_files))
    port, port_ev = _port(found, fw, code)
    entry = found.entry if found else None
    outputs, whole_app = _outputs(repo, fw, entry, build if fw.kind == "server" else None)
    entry_missing = bool(
        fw.kind == "server"
        and build is None
        and entry
        and not repo.exists(entry.split("/", 1)[0])
        and not start.resolve_file(repo, entry)
    )
    return NodeFindings(
        pkg=pkg,
        manager=pm,
        version=version,
        version_warnings=tuple(version_warnings),
        framework=fw,
        start=found,
        start_notes=start_notes,
        port=port,
        port_evidence=port_ev,
        code=code,
        build_script=build,
        build_evidence=manifest.evidence(repo, "scripts", build, note=pkg.scripts[build]) if build else None,
        outputs=outputs,
        whole_app=whole_app,
        entry_missing=entry_missing,
        workspace_root=pkg.workspaces or repo.is_file("pnpm-workspace.yaml"),
        secret_files=(*((".npmrc",) if repo.is_file(".npmrc") else ()), *pm.secret_files),
    )
