"""A small driver for the real Docker engine, used by the engine tests.

On CI (``GENFILE_REQUIRE_ENGINE=1``) a missing engine is a failure; elsewhere the engine tests
skip with the reason. Builds use BuildKit and host networking (the lab has no bridge network).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


def docker_binary() -> str | None:
    explicit = os.environ.get("GENFILE_DOCKER")
    if explicit:
        return explicit
    # Debian's 20.10 client drives the classic BuildKit builder without the buildx plugin.
    return "/usr/bin/docker" if Path("/usr/bin/docker").exists() else shutil.which("docker")


def require_engine() -> str:
    """The docker client to use, or skip (fail on CI) when no engine answers."""
    binary = docker_binary()
    reason = "no docker client found"
    if binary:
        probe = subprocess.run([binary, "info"], capture_output=True, text=True, timeout=60)
        if probe.returncode == 0:
            return binary
        # `docker info` prints the engine's own complaint on stdout, the client's on stderr.
        said = " ".join(x.strip() for x in (probe.stderr, probe.stdout) if x.strip())
        reason = f"docker engine not reachable: {said[-300:] or f'docker info exited {probe.returncode}'}"
    if os.environ.get("GENFILE_REQUIRE_ENGINE") == "1":
        pytest.fail(f"engine tests are required here (GENFILE_REQUIRE_ENGINE=1) but {reason}")
    pytest.skip(reason)


# How each stack's dependency install step reads in a BuildKit log: the engine tests check
# that a source edit leaves it cached.
_PYTHON = (
    "install -r |uv sync --locked --no-dev( --group \\S+)* --no-install-project|poetry export|pipenv requirements"
    "|pdm export|uv pip install .* -r "
)
_NODE = "npm ci|npm install|pnpm install|yarn install|yarn workspaces focus|bun install"
DEPENDENCY_STEPS = {
    "python-slim": _PYTHON,
    "python-alpine": _PYTHON,
    "node-alpine": _NODE,
    "node-static": _NODE,
    "go-distroless": "go mod download",
    "bun": r"bun install",
    "static-nginx": r"(?!)",  # a static site installs nothing
}


@dataclass
class Build:
    seconds: float
    log: str

    def step_status(self) -> dict[str, str]:
        """BuildKit plain-progress steps: description → "CACHED" or "DONE"."""
        names: dict[str, str] = {}
        status: dict[str, str] = {}
        for line in self.log.splitlines():
            m = re.match(r"#(\d+) (\[.*)$", line)
            if m and m[1] not in names:
                names[m[1]] = m[2]
            m = re.match(r"#(\d+) (CACHED|DONE)", line)
            if m:
                status[m[1]] = m[2]
        return {names[i]: status.get(i, "?") for i in names}

    def step_output(self, pattern: str) -> list[str]:
        """What the steps whose description matches ``pattern`` printed, line by line
        (plain progress prints each as ``#12 0.345 text``)."""
        steps = {m[1] for m in re.finditer(r"^#(\d+) (\[.*)$", self.log, re.M) if re.search(pattern, m[2])}
        return [
            m[2].strip()
            for m in re.finditer(r"^#(\d+) \d+\.\d+ (.*)$", self.log, re.M)
            if m[1] in steps and m[2].strip()
        ]


class Engine:
    def __init__(self, binary: str) -> None:
        self.binary = binary

    def docker(self, *args: str, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DOCKER_BUILDKIT": "1"}
        result = subprocess.run(
            [self.binary, *args], capture_output=True, text=True, env=env, timeout=timeout
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"docker {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
        return result

    def build(self, context: Path, tag: str, *extra: str) -> Build:
        start = time.monotonic()
        result = self.docker(
            "build", "--network", "host", "--progress", "plain", "-t", tag, *extra, str(context)
        )
        return Build(time.monotonic() - start, result.stdout + result.stderr)

    def size(self, tag: str) -> int:
        return int(self.docker("image", "inspect", "-f", "{{.Size}}", tag).stdout.strip())

    def run_detached(self, tag: str, name: str, *options: str) -> None:
        """Start ``tag`` in the background; ``options`` go to docker run (``-e PORT=...``)."""
        self.docker("rm", "-f", name, check=False)
        self.docker("run", "-d", "--network", "host", "--name", name, *options, tag)

    def stop(self, name: str) -> str:
        logs = self.docker("logs", name, check=False)
        self.docker("rm", "-f", name, check=False)
        return logs.stdout + logs.stderr


def free_port() -> int:
    """A TCP port nothing listens on now (the kernel's pick), for a PORT override."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    """Whether something on this host already listens on ``port`` (containers share the host
    network here: a probe would reach that listener instead of the image under test)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for_free_port(port: int, timeout: float = 120.0) -> bool:
    """Wait until nothing listens on ``port`` (another test's short-lived container may hold
    it); False when it stays taken."""
    deadline = time.monotonic() + timeout
    while port_in_use(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(1)
    return True


def wait_for_http(url: str, timeout: float = 60.0) -> tuple[int, str]:
    """Poll ``url`` until it answers; returns (status, body)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:
            last = exc
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout}s: {last}")
