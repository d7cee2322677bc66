"""``genfile new`` end to end with the real engine: every bundled template, generated without a
question, builds, runs as a non-root user and answers 200 "ok" on /health; and every
generated project passes its own test suite with its own toolchain (pytest in a virtual
environment, npm/pnpm test with the host's Node, go test inside the golang image).

Run alone with ``pytest -m engine``; skips without an engine, except where
``GENFILE_REQUIRE_ENGINE=1`` makes that a failure. Each template listens on its own port in
7060-7079 (the host network is shared). ``GENFILE_NEW_ENGINE_REPORT=path`` writes the image
sizes and build times as a table.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from genfile import scaffold
from tests.engine import Engine, require_engine, wait_for_http
from tests.test_new import NEW, find_uv, run_python_project_tests

pytestmark = [pytest.mark.engine, pytest.mark.xdist_group("engine")]

PORTS = {template: 7060 + index for index, template in enumerate(NEW)}
REPORT: list[str] = []


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(require_engine())


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    path = os.environ.get("GENFILE_NEW_ENGINE_REPORT")
    if path and REPORT:
        header = "| template | stack | base image | image size | cold build |\n|---|---|---|---|---|\n"
        Path(path).write_text("genfile new: engine measurements\n\n" + header + "\n".join(REPORT) + "\n")


@pytest.fixture(autouse=True)
def cookiecutter_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cookiecutter configuration of our own: a developer's ~/.cookiecutterrc could pre-fill answers."""
    config = tmp_path / "cookiecutterrc"
    config.write_text(f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'replay'}\n")
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))


def generate(template: str, where: Path) -> scaffold.Scaffolded:
    return scaffold.scaffold(
        template, "svc", no_input=True, settings={"port": str(PORTS[template])}, cwd=where
    )


def _uid_of(engine: Engine, name: str) -> str:
    """The real UID of the container's main process, read from /proc (works without a shell)."""
    pid = engine.docker("inspect", "-f", "{{.State.Pid}}", name).stdout.strip()
    status = Path(f"/proc/{pid}/status").read_text()
    return re.search(r"^Uid:\s+(\d+)", status, re.M)[1]  # type: ignore[index]


@pytest.mark.parametrize("template", NEW)
def test_template_builds_runs_as_non_root_and_answers(engine: Engine, tmp_path: Path, template: str) -> None:
    result = generate(template, tmp_path)
    plan = result.plan
    assert plan is not None and plan.port == PORTS[template]
    tag = f"genfile-test-new/{template}:latest"
    name = f"genfile-test-new-{template}"

    build = engine.build(result.path, tag, "--no-cache")
    engine.run_detached(tag, name)
    try:
        status, body = wait_for_http(f"http://127.0.0.1:{plan.port}/health", timeout=90)
        assert (status, body) == (200, "ok"), body
        uid = _uid_of(engine, name)
        assert uid != "0" and uid == str(plan.user.uid)
    finally:
        logs = engine.stop(name)
    assert "Traceback" not in logs, logs

    size = engine.size(tag)
    row = (template, plan.stack.name, plan.base_image, f"{size / 1e6:.1f} MB", f"{build.seconds:.1f} s")
    REPORT.append(f"| {' | '.join(row)} |")
    engine.docker("rmi", tag, check=False)


# --- each project's own tests, with its own toolchain -------------------------------------


@pytest.fixture(scope="module")
def uv(tmp_path_factory: pytest.TempPathFactory) -> str:
    """uv from the environment, or installed into a throwaway virtual environment."""
    found = find_uv()
    if found:
        return found
    venv = tmp_path_factory.mktemp("uv-venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "uv"], check=True, timeout=600
    )
    return str(venv / "bin" / "uv")


@pytest.mark.parametrize("template", [t for t in NEW if t.startswith("python-")])
def test_python_project_passes_its_own_tests(tmp_path: Path, template: str, uv: str) -> None:
    project = generate(template, tmp_path).path
    result = run_python_project_tests(project, uv)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d+ passed\b", result.stdout), result.stdout


def _host_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed on this machine")
    return found


@pytest.mark.parametrize("template", ["node-express", "node-typescript"])
def test_node_project_passes_its_own_tests(tmp_path: Path, template: str) -> None:
    npm = _host_tool("npm")
    npx = _host_tool("npx")
    project = generate(template, tmp_path).path
    manifest = json.loads((project / "package.json").read_text())
    if "packageManager" in manifest:
        # The pnpm the project pins, fetched by npx from the npm registry like any package.
        tool = [npx, "--yes", manifest["packageManager"].split("+")[0]]
        steps = [[*tool, "install", "--frozen-lockfile"], [*tool, "test"]]
    else:
        steps = [[npm, "ci", "--no-audit", "--no-fund"], [npm, "test"]]
    env = {**os.environ, "CI": "1"}
    for step in steps:
        result = subprocess.run(step, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{step}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert re.search(r"^# pass [1-9]", result.stdout, re.M) and re.search(r"^# fail 0", result.stdout, re.M)


def test_go_project_passes_its_own_tests(engine: Engine, tmp_path: Path) -> None:
    """``go test`` in the golang image the Dockerfile builds with (no Go on the host)."""
    result = generate("go-http", tmp_path)
    assert result.plan is not None
    image = f"golang:{result.plan.language_version}"
    run = engine.docker(
        "run",
        "--rm",
        "--network",
        "host",
        "-v",
        f"{result.path}:/src:ro",
        "-w",
        "/src",
        image,
        "sh",
        "-c",
        'go vet ./... && go test ./... && test -z "$(gofmt -l .)"',
        timeout=900,
    )
    assert re.search(r"^ok\s+example\.com/svc\b", run.stdout, re.M), run.stdout + run.stderr
