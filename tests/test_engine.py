"""End to end with the real engine: every sample's generated setup builds, runs, answers on
its port, runs as the unprivileged user, ships no compiler, and rebuilds a source edit
without re-running the dependency install.

Run alone with ``pytest -m engine``. Skips without an engine, except where
``GENFILE_REQUIRE_ENGINE=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from genfile.cli import main
from genfile.pipeline import detect, make_plan
from tests.conftest import PYTHON_SAMPLES
from tests.engine import Engine, require_engine, wait_for_http

pytestmark = pytest.mark.engine

# Build steps that install dependencies (as the python stacks write them).
INSTALL_STEP = re.compile(
    r"install -r |uv sync --locked --no-dev --no-install-project|poetry export|pipenv requirements"
    r"|pdm export|uv pip install"
)
# Alpine stand-ins have no apk, so only samples without native dependencies build on them here.
ALPINE_SAMPLES = ("python-fastapi-uv", "python-pep621-cli")
CASES = [(s, "python-slim") for s in PYTHON_SAMPLES] + [
    (s, "python-alpine") for s in ALPINE_SAMPLES if s in PYTHON_SAMPLES
]
REPORT: list[str] = []


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(require_engine())


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    path = os.environ.get("GENFILE_ENGINE_REPORT")
    if path and REPORT:
        header = (
            "| sample | stack | image size | cold build (--no-cache) | rebuild after a source edit |\n"
            "|---|---|---|---|---|\n"
        )
        Path(path).write_text("Engine test measurements\n\n" + header + "\n".join(REPORT) + "\n")


def _edit_source(project: Path) -> Path:
    """Append a comment to the app's own code, as a developer's one-line change would."""
    candidates = sorted(p for p in project.rglob("*.py") if "tests" not in p.parts)
    target = candidates[0]
    target.write_text(target.read_text() + "\n# edited by the rebuild test\n")
    return target


@pytest.mark.parametrize(("sample", "stack"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_sample_builds_runs_and_rebuilds_from_cache(engine: Engine, sample_copy, sample, stack) -> None:
    project = sample_copy(sample)
    assert main(["init", str(project), "--yes", "--stack", stack]) == 0
    plan = make_plan(detect(project), stack)
    assert plan.port is not None
    tag = f"genfile-test/{sample}:{stack}"
    name = f"genfile-test-{sample}"

    cold = engine.build(project, tag, "--no-cache")
    engine.run_detached(tag, name)
    try:
        status, body = wait_for_http(f"http://127.0.0.1:{plan.port}/health")
        assert status == 200, body
        assert "ok" in body.lower()
        uid = engine.docker("exec", name, "id", "-u").stdout.strip()
        assert uid == str(plan.user.uid) and uid != "0"
    finally:
        logs = engine.stop(name)
    assert "Traceback" not in logs, logs

    leftovers = engine.docker(
        "run",
        "--rm",
        "--user",
        "0",
        "--entrypoint",
        "sh",
        tag,
        "-c",
        "command -v gcc cc make; ls -A /root/.cache /opt/venv/bin/pip 2>/dev/null; true",
    ).stdout.strip()
    assert leftovers == "", f"build tools or caches in the final image: {leftovers}"

    _edit_source(project)
    warm = engine.build(project, tag)
    steps = warm.step_status()
    installs = {d: s for d, s in steps.items() if INSTALL_STEP.search(d)}
    assert installs, f"no dependency install step found in:\n{warm.log[-3000:]}"
    assert set(installs.values()) == {"CACHED"}, installs

    size = engine.size(tag)
    REPORT.append(
        f"| {sample} | {stack} | {size / 1e6:.1f} MB | {cold.seconds:.1f} s | {warm.seconds:.1f} s |"
    )
    engine.docker("rmi", tag, check=False)
