"""End to end with the real engine: every sample's generated setup builds, runs, answers on
its port, runs as the unprivileged user, ships no compiler, and rebuilds a source edit
without re-running the dependency install.

Run alone with ``pytest -m engine``. Skips without an engine, except where
``GENFILE_REQUIRE_ENGINE=1`` (CI) makes that a failure. Each sample's check (path, expected
text, extra stacks) is in ``tests/checks/<sample>.toml``; the default is GET /health → "ok".
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

from genfile.answers import Answers
from genfile.cli import main
from genfile.generate import generate
from tests.conftest import engine_cases, sample_check
from tests.engine import (
    DEPENDENCY_STEPS,
    Engine,
    free_port,
    require_engine,
    wait_for_free_port,
    wait_for_http,
)

pytestmark = [pytest.mark.engine, pytest.mark.xdist_group("engine")]

CASES = engine_cases()
SOURCE_SUFFIXES = (".py", ".js", ".mjs", ".ts", ".go", ".tsx", ".jsx")
NOT_SOURCE = {"tests", "test", "node_modules", "vendor", ".git", "__tests__"}
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
    candidates = sorted(
        p
        for p in project.rglob("*")
        if p.suffix in SOURCE_SUFFIXES
        and not NOT_SOURCE & set(p.relative_to(project).parts)
        and not p.name.endswith((".test.ts", ".test.js", "_test.go", ".config.js", ".config.ts"))
    )
    target = candidates[0]
    comment = "#" if target.suffix == ".py" else "//"
    # A unique line: identical content would hit build cache left by an earlier run.
    target.write_text(target.read_text() + f"\n{comment} edited by the rebuild test {uuid.uuid4()}\n")
    return target


def _uid_of(engine: Engine, name: str) -> str:
    """The real UID of the container's main process, read from /proc (works without a shell)."""
    pid = engine.docker("inspect", "-f", "{{.State.Pid}}", name).stdout.strip()
    status = Path(f"/proc/{pid}/status").read_text()
    return re.search(r"^Uid:\s+(\d+)", status, re.M)[1]  # type: ignore[index]


@pytest.mark.parametrize(("sample", "stack"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_sample_builds_runs_and_rebuilds_from_cache(engine: Engine, sample_copy, sample, stack) -> None:
    check = sample_check(sample)
    project = sample_copy(sample)
    assert main(["init", str(project), "--yes", "--stack", stack]) == 0
    plan = generate(project, Answers(stack=stack)).plan
    assert plan.port is not None
    tag = f"genfile-test/{sample}:{stack}"
    name = f"genfile-test-{sample}"

    cold = engine.build(project, tag, "--no-cache")
    # As a platform runs it: the port it gives in PORT, a read-only root file system, and
    # tmpfs on exactly the folders the Dockerfile declares writable (plus /tmp).
    port = free_port() if plan.honours_port else plan.port
    writable = [
        f"--tmpfs={path}:uid={plan.user.uid},gid={plan.user.gid}" for path in ("/tmp", *plan.writable)
    ]
    engine.run_detached(tag, name, "-e", f"PORT={port}", "--read-only", *writable)
    try:
        status, body = wait_for_http(f"http://127.0.0.1:{port}{check.path}")
        assert status == 200, body
        assert check.expect in body
        uid = _uid_of(engine, name)
        assert uid == str(plan.user.uid) and uid != "0"
    finally:
        logs = engine.stop(name)
    assert "Traceback" not in logs, logs
    # And with nothing set, on the port the Dockerfile exposes.
    assert wait_for_free_port(plan.port), (
        f"port {plan.port} stays taken on this host: stop what listens there"
    )
    engine.run_detached(tag, name)
    try:
        status, _ = wait_for_http(f"http://127.0.0.1:{plan.port}{check.path}")
        assert status == 200
    finally:
        engine.stop(name)

    has_shell = engine.docker("run", "--rm", "--entrypoint", "sh", tag, "-c", "true", check=False)
    if has_shell.returncode == 0:
        leftovers = engine.docker(
            "run",
            "--rm",
            "--user",
            "0",
            "--entrypoint",
            "sh",
            tag,
            "-c",
            "command -v gcc cc make go; ls -A /root/.cache /root/.npm /app/.venv/bin/pip 2>/dev/null; true",
        ).stdout.strip()
        assert leftovers == "", f"build tools or caches in the final image: {leftovers}"

    _edit_source(project)
    warm = engine.build(project, tag)
    steps = warm.step_status()
    installs = {d: s for d, s in steps.items() if re.search(DEPENDENCY_STEPS[stack], d)}
    # The whole-source copy: `COPY . .`, or `COPY . /src/` where the module sits in a sub-folder.
    copies = [s for d, s in steps.items() if re.search(r"\] COPY \. (\.|/\S*)$", d)]
    assert "DONE" in copies, f"the edit did not reach the image: {steps}"
    if check.dependency_step:
        assert installs, f"no dependency install step found in:\n{warm.log[-3000:]}"
    assert set(installs.values()) <= {"CACHED"}, installs
    if stack == "go-distroless":
        # The build step reruns after an edit, but go build -v lists only what it compiles:
        # the project's own changed packages, never a dependency or the standard library.
        own = (*plan.details.modules, "command-line-arguments")  # type: ignore[attr-defined]
        compiled = warm.step_output(r"go build ")
        others = [p for p in compiled if not any(p == m or p.startswith(f"{m}/") for m in own)]
        assert compiled and not others, f"recompiled after a source edit: {compiled}"

    size = engine.size(tag)
    REPORT.append(
        f"| {sample} | {stack} | {size / 1e6:.1f} MB | {cold.seconds:.1f} s | {warm.seconds:.1f} s |"
    )
    engine.docker("rmi", tag, check=False)
