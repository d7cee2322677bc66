"""The Docker engine, as the benchmark uses it: timed builds, image facts, cleanup.

Image facts are read with ``docker create`` + ``docker cp`` (the container is never started),
so images without a shell (distroless) are inspected the same way as the others.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# What the docker client says when the engine went away (a restart by another user of the
# shared engine): wait for it and retry, rather than lose a long run.
ENGINE_GONE = ("error during connect", "Cannot connect to the Docker daemon", "code = Unavailable")
RETRY_WAIT_S = 10
RETRIES = 12

# What counts as a shell, a package manager or a compiler, by the paths the images use.
SHELLS = {
    "sh": ("/bin/sh", "/usr/bin/sh"),
    "bash": ("/bin/bash", "/usr/bin/bash"),
    "busybox": ("/bin/busybox",),
}
PACKAGE_MANAGERS = {
    "apt": ("/usr/bin/apt-get",),
    "dpkg": ("/usr/bin/dpkg",),
    "apk": ("/sbin/apk",),
    "pip": (
        "/usr/local/bin/pip",
        "/usr/bin/pip",
        "/usr/local/bin/pip3",
        "/opt/venv/bin/pip",
        "/app/.venv/bin/pip",
    ),
    "uv": ("/usr/local/bin/uv",),
    "poetry": ("/usr/local/bin/poetry",),
    "pdm": ("/usr/local/bin/pdm",),
    "pipenv": ("/usr/local/bin/pipenv",),
    "npm": ("/usr/local/bin/npm",),
    "yarn": ("/usr/local/bin/yarn",),
    "pnpm": ("/usr/local/bin/pnpm",),
    "corepack": ("/usr/local/bin/corepack",),
}
COMPILERS = {
    "gcc": ("/usr/bin/gcc", "/usr/bin/cc"),
    "g++": ("/usr/bin/g++", "/usr/bin/c++"),
    "clang": ("/usr/bin/clang",),
    "go": ("/usr/local/go/bin/go", "/usr/local/bin/go"),
    "tsc": ("/app/node_modules/.bin/tsc",),
}
# Package manager caches: under every home folder, and system-wide.
HOME_CACHES = (".cache", ".npm", ".yarn/berry/cache", ".local/share/pnpm", ".pnpm-store")
SYSTEM_CACHES = (
    "/usr/local/share/.cache",
    "/var/cache/apt/archives",
    "/var/lib/apt/lists",
    "/go/pkg/mod/cache",
    "/pnpm/store",
)


@dataclass
class BuildOutcome:
    seconds: float
    ok: bool
    log: str

    def error(self) -> str:
        """Why a build failed: the tool's own error line (``Error: pg_config executable not
        found.``) and BuildKit's line naming the step that failed."""
        lines = [re.sub(r"^#\d+ (\d+\.\d+ )?", "", line).strip() for line in self.log.splitlines()]
        lines = [line for line in lines if line]
        specific = next(
            (line for line in lines if re.search(r"\bError: |ERR_|npm error|not found", line)), ""
        )
        step = next((line for line in lines if line.startswith("ERROR:")), "") or next(
            (line for line in lines if line.startswith("error:")), ""
        )
        found = " — ".join(dict.fromkeys(x for x in (specific, step) if x))
        return (found or " | ".join(lines[-3:]))[:500]


@dataclass
class ImageFacts:
    """What the final image holds and how it runs (see the report's legend)."""

    size: int
    layers: int
    user: str
    base_image: str
    base_size: int | None
    added: int | None  # bytes over the base image (None when the base is not a layer prefix)
    shells: list[str] = field(default_factory=list)
    package_managers: list[str] = field(default_factory=list)
    compilers: list[str] = field(default_factory=list)
    caches: dict[str, int] = field(default_factory=dict)  # path → bytes, non-empty only
    os_packages: int | None = None
    os_package_db: str = ""


class Docker:
    """A thin driver over the docker CLI (Debian's 20.10 client drives BuildKit without buildx)."""

    def __init__(self, binary: str | None = None) -> None:
        self.binary = binary or docker_binary()

    def run(self, *args: str, check: bool = True, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
        """One docker command; retried while the engine is unreachable."""
        for attempt in range(RETRIES + 1):
            result = self._once(args, timeout)
            if not _engine_gone(result) or attempt == RETRIES:
                break
            print(f"docker {args[0]}: engine unreachable, retrying in {RETRY_WAIT_S} s", file=sys.stderr)
            time.sleep(RETRY_WAIT_S)
        if check and result.returncode != 0:
            raise RuntimeError(f"docker {' '.join(args[:3])} failed: {result.stderr.strip()[-600:]}")
        return result

    def _once(self, args: tuple[str, ...] | list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DOCKER_BUILDKIT": "1"}
        return subprocess.run([self.binary, *args], capture_output=True, text=True, env=env, timeout=timeout)

    def server_version(self) -> str:
        return self.run("version", "--format", "{{.Server.Version}}").stdout.strip()

    def build(
        self,
        context: Path,
        tag: str,
        *,
        no_cache: bool = False,
        build_args: Mapping[str, str] | None = None,
        options: Sequence[str] = (),
    ) -> BuildOutcome:
        """Build and time it (wall clock around the whole client call, as a user sees it).

        A build the engine dropped (see :data:`ENGINE_GONE`) is retried whole, and its time is
        that of the attempt that completed. ``options`` are further ``docker build`` options
        (``--secret``, ``-f``), given as the generated files' instructions say."""
        args = ["build", "--network", "host", "--progress", "plain", "-t", tag]
        if no_cache:
            args.append("--no-cache")
        for key, value in (build_args or {}).items():
            args += ["--build-arg", f"{key}={value}"]
        args += [*options, str(context)]
        for attempt in range(RETRIES + 1):
            start = time.monotonic()
            result = self._once(args, 3600)
            seconds = time.monotonic() - start
            if not _engine_gone(result) or attempt == RETRIES:
                break
            print(f"docker build: engine unreachable, retrying in {RETRY_WAIT_S} s", file=sys.stderr)
            time.sleep(RETRY_WAIT_S)
        return BuildOutcome(seconds, result.returncode == 0, result.stdout + result.stderr)

    def prune_build_cache(self) -> None:
        """Empty BuildKit's cache, cache mounts included (``--no-cache`` keeps those)."""
        self.run("builder", "prune", "-af")

    def image_id(self, ref: str) -> str | None:
        result = self.run("image", "inspect", "-f", "{{.Id}}", ref, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    def remove_images(self, refs: list[str]) -> None:
        """Remove the benchmark's own images (by tag or ID); never anything else."""
        for ref in dict.fromkeys(refs):
            self.run("image", "rm", "-f", ref, check=False)

    def _inspect(self, ref: str, template: str) -> str:
        return self.run("image", "inspect", "-f", template, ref).stdout.strip()

    def facts(self, tag: str, base_image: str) -> ImageFacts:
        """Size, layers and user from the image config; contents from the files."""
        size = int(self._inspect(tag, "{{.Size}}"))
        layers = self._inspect(tag, "{{range .RootFS.Layers}}{{.}} {{end}}").split()
        user = self._inspect(tag, "{{.Config.User}}")
        base_size, added = None, None
        if base_image and self.image_id(base_image):
            base_size = int(self._inspect(base_image, "{{.Size}}"))
            base_layers = self._inspect(base_image, "{{range .RootFS.Layers}}{{.}} {{end}}").split()
            if layers[: len(base_layers)] == base_layers:
                added = size - base_size
        facts = ImageFacts(size, len(layers), user, base_image, base_size, added)
        with created(self, tag) as container:
            probe = Probe(self, container)
            facts.shells = probe.present(SHELLS)
            facts.package_managers = probe.present(PACKAGE_MANAGERS)
            facts.compilers = probe.present(COMPILERS)
            facts.caches = probe.caches()
            facts.os_packages, facts.os_package_db = probe.os_packages()
        return facts


@contextmanager
def created(docker: Docker, tag: str) -> Iterator[str]:
    """A container made from ``tag`` and never started (its entrypoint is a dummy path)."""
    container = docker.run("create", "--entrypoint", "/genfile-bench-not-run", tag).stdout.strip()
    try:
        yield container
    finally:
        docker.run("rm", "-f", container, check=False)


class Probe:
    """Reads paths out of a stopped container with ``docker cp CONTAINER:PATH -`` (a tar stream)."""

    def __init__(self, docker: Docker, container: str) -> None:
        self.docker = docker
        self.container = container

    @contextmanager
    def _tar(self, path: str) -> Iterator[tarfile.TarFile | None]:
        proc = subprocess.Popen(
            [self.docker.binary, "cp", f"{self.container}:{path}", "-"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        archive: tarfile.TarFile | None = None
        try:
            try:
                archive = tarfile.open(fileobj=proc.stdout, mode="r|")  # noqa: SIM115 (closed below)
            except tarfile.ReadError:  # nothing streamed: the path does not exist
                archive = None
            yield archive
        finally:
            if archive is not None:
                archive.close()
            proc.stdout.close()
            proc.wait()

    def size(self, path: str) -> int | None:
        """Bytes of the regular files under ``path`` (None when it does not exist)."""
        with self._tar(path) as archive:
            if archive is None:
                return None
            return sum(member.size for member in archive if member.isfile())

    def read(self, path: str) -> bytes | None:
        with self._tar(path) as archive:
            if archive is None:
                return None
            for member in archive:
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is not None:
                    return handle.read()
        return None

    def names(self, path: str) -> list[str] | None:
        with self._tar(path) as archive:
            return None if archive is None else [m.name for m in archive]

    def present(self, table: Mapping[str, tuple[str, ...]]) -> list[str]:
        """The names in ``table`` with at least one of their paths in the image."""
        return [name for name, paths in table.items() if any(self.size(p) is not None for p in paths)]

    def homes(self) -> list[str]:
        """Home folders of the image's accounts that could hold caches (/root, /home/*)."""
        passwd = (self.read("/etc/passwd") or b"").decode("utf-8", "replace")
        homes = {"/root"}
        for line in passwd.splitlines():
            parts = line.split(":")
            if len(parts) >= 6 and parts[5].startswith("/home/"):
                homes.add(parts[5])
        return sorted(homes)

    def caches(self) -> dict[str, int]:
        paths = [f"{home}/{sub}" for home in self.homes() for sub in HOME_CACHES] + list(SYSTEM_CACHES)
        found = {}
        for path in paths:
            size = self.size(path)
            if size:
                found[path] = size
        return found

    def os_packages(self) -> tuple[int | None, str]:
        """Installed OS packages: dpkg's status file, distroless's status.d, or apk's db."""
        status = self.read("/var/lib/dpkg/status")
        if status is not None:
            entries = status.decode("utf-8", "replace").split("\n\n")
            return sum("Status: install ok installed" in e for e in entries), "dpkg"
        names = self.names("/var/lib/dpkg/status.d")
        if names is not None:
            files = [n for n in names if "/" in n.strip("/") and not n.endswith(".md5sums")]
            return len(files), "status.d"
        apk = self.read("/lib/apk/db/installed")
        if apk is not None:
            return sum(line.startswith("P:") for line in apk.decode().splitlines()), "apk"
        return None, "none"


def _engine_gone(result: subprocess.CompletedProcess[str]) -> bool:
    return result.returncode != 0 and any(m in result.stderr for m in ENGINE_GONE)


def docker_binary() -> str:
    """Debian's 20.10 client (it drives BuildKit without buildx), else ``docker`` on PATH."""
    explicit = os.environ.get("GENFILE_DOCKER")
    if explicit:
        return explicit
    if Path("/usr/bin/docker").exists():
        return "/usr/bin/docker"
    return shutil.which("docker") or "docker"
