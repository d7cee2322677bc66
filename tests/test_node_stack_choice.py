"""A --stack (or a saved stack) that cannot run the project is refused with the reason and the
stack that fits: exit 2, one line, nothing written, no answer saved (issue 20 item 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from genfile.errors import ChoiceError
from genfile.pipeline import detect, plan_stack
from genfile.pipeline import fitting_stacks as _fitting
from tests.conftest import ROOT

SAMPLES = ROOT / "sample_projects"

MISFITS = [
    ("node-vite-spa", "node-alpine", "nothing in it serves the build", "node-static"),
    ("node-vite-spa", "bun", "nothing in it serves the build", "node-static"),
    ("node-express-npm", "node-static", "only serves built files with nginx", "node-alpine"),
    ("node-express-npm", "bun", "runs on Node", "node-alpine"),
    ("bun-server", "node-alpine", "the code runs on Bun", "bun"),
    ("bun-server", "node-static", "only serves built files with nginx", "bun"),
]


def _copy(sample: str, tmp_path: Path) -> Path:
    project = tmp_path / sample
    shutil.copytree(SAMPLES / sample, project)
    return project


@pytest.mark.parametrize(("sample", "stack", "why", "fits"), MISFITS)
def test_a_stack_that_cannot_run_the_project_is_refused(run_cli, tmp_path, sample, stack, why, fits) -> None:
    project = _copy(sample, tmp_path)
    before = sorted(p.name for p in project.iterdir())
    code, out, err = run_cli("init", str(project), "--stack", stack, "--yes")
    assert code == 2, out + err
    line = err.strip().splitlines()[-1]
    assert why in line and f"the stack that fits is {fits}" in line and f"--stack {stack}" in line
    assert sorted(p.name for p in project.iterdir()) == before  # no Dockerfile, no genfile.toml


@pytest.mark.parametrize(("sample", "stack", "why", "fits"), MISFITS[:3])
def test_stdout_renders_nothing_for_a_stack_that_cannot_run(run_cli, sample, stack, why, fits) -> None:
    code, out, err = run_cli("init", str(SAMPLES / sample), "--stack", stack, "--stdout")
    assert code == 2 and "FROM" not in out and why in err


def test_a_saved_stack_that_cannot_run_is_refused_too(run_cli, tmp_path) -> None:
    project = _copy("node-vite-spa", tmp_path)
    (project / "genfile.toml").write_text('[init]\nstack = "node-alpine"\n')
    code, _, err = run_cli("init", str(project), "--yes")
    assert code == 2 and "the stack that fits is node-static" in err
    assert not (project / "Dockerfile").exists()


def test_the_fitting_stack_is_honoured(run_cli) -> None:
    for sample, stack in (("node-vite-spa", "node-static"), ("node-express-npm", "node-alpine")):
        code, out, err = run_cli("init", str(SAMPLES / sample), "--stack", stack, "--stdout")
        assert code == 0, err
        assert f"(stack {stack})" in out


def test_the_wizard_offers_only_the_stacks_that_can_run_the_project() -> None:
    assert [s.name for s in _fitting(detect(SAMPLES / "node-vite-spa"))] == ["node-static"]
    assert [s.name for s in _fitting(detect(SAMPLES / "node-express-npm"))] == ["node-alpine"]
    assert {s.name for s in _fitting(detect(SAMPLES / "node-vite-spa", None))} == {"node-static"}
    with pytest.raises(ChoiceError, match="the stack that fits is node-static"):
        plan_stack(detect(SAMPLES / "node-vite-spa"), "node-alpine")


def _spa_started_by(tmp_path, start: str, section: str, package: str):
    project = _copy("node-vite-spa", tmp_path)
    manifest = json.loads((project / "package.json").read_text())
    manifest["scripts"]["start"] = start
    manifest.setdefault(section, {})[package] = "^14.2.0"
    (project / "package.json").write_text(json.dumps(manifest))
    return project


def test_a_spa_whose_start_runs_a_static_server_is_that_server_on_node(run_cli, tmp_path) -> None:
    project = _spa_started_by(tmp_path, "serve -s dist", "dependencies", "serve")
    plan = plan_stack(detect(project), "node-alpine")
    assert plan.stack.name == "node-alpine" and plan.start_command == (
        "node_modules/.bin/serve",
        "-s",
        "dist",
    )
    assert plan.port == 3000 and plan.honours_port and plan.details.outputs == (("dist", "dist"),)
    code, _, err = run_cli("init", str(project), "--stack", "node-alpine", "--yes")
    assert code == 0, err
    assert 'stack = "node-alpine"' in (project / "genfile.toml").read_text()
    assert plan_stack(detect(project)).stack.name == "node-static"  # the recommendation stays nginx


def test_a_static_server_in_dev_dependencies_is_refused_with_the_fix(run_cli, tmp_path) -> None:
    project = _spa_started_by(tmp_path, "serve -s dist", "devDependencies", "serve")
    code, _, err = run_cli("init", str(project), "--stack", "node-alpine", "--stdout")
    assert code == 2 and "serve from devDependencies" in err and "move it to dependencies" in err


def test_a_preview_server_is_no_production_server(run_cli, tmp_path) -> None:
    project = _spa_started_by(tmp_path, "vite preview", "devDependencies", "vite")
    code, _, err = run_cli("init", str(project), "--stack", "node-alpine", "--stdout")
    assert code == 2 and "a preview server, not one for production" in err
