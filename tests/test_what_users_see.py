"""Issue 20: what genfile shows a user must be true, and the features people expect.

Each numbered defect of the issue has a regression test here (or beside the code it fixed:
tests/test_cli.py, tests/test_go_detect.py, tests/test_audit*.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import yaml

from genfile.cli import main
from tests.conftest import ROOT, make_project
from tests.test_wizard import DOWN, ENTER, FLASK, finish, spawn

NPMRC = {
    "package.json": json.dumps({"name": "svc", "main": "index.js", "dependencies": {"express": "4"}}),
    "package-lock.json": json.dumps({"name": "svc", "lockfileVersion": 3, "packages": {}}),
    "index.js": "require('express')().listen(process.env.PORT || 3000)\n",
    ".npmrc": "//registry.example.com/:_authToken=${NPM_TOKEN}\n",
}


def genfile(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "genfile", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


# ---- 3: the wizard saves only what it wrote --------------------------------------------------


def test_writing_alongside_saves_no_answers(tmp_path: Path) -> None:
    project = make_project(tmp_path / "shop", {**FLASK, "Dockerfile": "FROM handwritten\n"})
    child = spawn(str(project))
    for question in ("Stack", "Python version"):
        child.expect(question)
        child.send(ENTER)
    child.expect("Port the app listens on")
    child.send("\x15" + "9000" + ENTER)
    for question in ("Start command", "Extra system packages", "Files to write"):
        child.expect(question)
        child.send(ENTER)
    child.expect("Dockerfile:")
    child.send(DOWN + ENTER)  # write alongside
    code, out = finish(child)
    assert code == 0, out
    assert (project / "Dockerfile").read_text() == "FROM handwritten\n"
    assert "EXPOSE 9000" in (project / "Dockerfile.genfile").read_text()
    assert not (project / "genfile.toml").exists() and "answers were not saved" in out


# ---- 4: a build secret reaches compose and the hint ------------------------------------------


def test_npmrc_reaches_compose_build_secrets_and_the_build_hint(run_cli, tmp_path: Path) -> None:
    project = make_project(tmp_path, NPMRC)
    code, out, err = run_cli("init", str(project), "--yes", "--compose")
    assert code == 0, err
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    service = next(iter(compose["services"].values()))
    assert service["build"]["secrets"] == ["npmrc"] and compose["secrets"]["npmrc"] == {"file": ".npmrc"}
    assert "--secret id=npmrc,src=.npmrc" in out


# ---- 5: --output-dir writes a .dockerignore Docker reads, and keeps everything there ---------


def test_output_dir_gets_a_dockerfile_specific_ignore_file_and_the_answers(run_cli, tmp_path: Path) -> None:
    project = make_project(tmp_path / "app", FLASK)
    out_dir = tmp_path / "deploy"
    code, out, err = run_cli("init", str(project), "--yes", "--output-dir", str(out_dir), "--port", "9100")
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "Dockerfile",
        "Dockerfile.dockerignore",
        "genfile.toml",
    ]
    assert sorted(p.name for p in project.iterdir()) == [
        "app.py",
        "requirements.txt",
    ]  # nothing written there
    assert "docker build -f" in out
    # The answers beside the files are read back by the next run into that folder.
    code, out, _ = run_cli("init", str(project), "--stdout", "--output-dir", str(out_dir))
    assert code == 0 and "EXPOSE 9100" in out


# ---- features: --check, completion, README.Docker.md, help, -V, notes on stderr --------------


def test_check_is_zero_in_step_and_one_with_a_diff(tmp_path: Path) -> None:
    project = make_project(tmp_path, FLASK)
    assert main(["init", str(project), "--yes"]) == 0
    assert genfile("init", str(project), "--check").returncode == 0
    (project / "Dockerfile").write_text((project / "Dockerfile").read_text().replace("EXPOSE", "EXPOSE 1 #"))
    stale = genfile("init", str(project), "--check")
    assert stale.returncode == 1 and "+EXPOSE 8000" in stale.stdout and "not in step" in stale.stderr


def test_completion_scripts_name_every_command(tmp_path: Path) -> None:
    bash = genfile("completion", "bash").stdout
    probe = subprocess.run(
        [
            "bash",
            "-c",
            f'{bash}\nCOMP_WORDS=(genfile init --ch); COMP_CWORD=2; _genfile; echo "${{COMPREPLY[@]}}"',
        ],
        capture_output=True,
        text=True,
    )
    assert probe.stdout.split() == ["--check"]
    assert "audit" in genfile("completion", "zsh").stdout and "init" in genfile("completion", "fish").stdout
    assert genfile("completion", "tcsh").returncode == 2


def test_readme_docker_says_how_to_build_run_and_write(run_cli, tmp_path: Path) -> None:
    project = make_project(tmp_path, NPMRC)
    code, out, _ = run_cli("init", str(project), "--stdout", "--files", "README.Docker.md")
    assert code == 0
    assert "docker build --secret id=npmrc,src=.npmrc -t svc ." in out
    assert "docker run --rm --read-only --tmpfs /tmp" in out and "genfile init --check" in out


def test_help_names_the_wizard_examples_and_exit_codes(run_cli) -> None:
    _, out, _ = run_cli("init", "--help")
    assert "wizard" in out and "examples:" in out and "130" in out and "--check" in out
    code, out, _ = run_cli("-V")
    assert code == 0 and out.startswith("genfile ")


def test_stdout_keeps_notes_on_stderr(run_cli, tmp_path: Path) -> None:
    project = make_project(tmp_path, {"requirements.txt": "flask\n", "app.py": FLASK["app.py"]})
    code, out, err = run_cli("init", str(project), "--stdout")
    assert code == 0 and "note: gunicorn is not a dependency" in err and "note:" not in out


def test_values_are_shown_in_words(run_cli) -> None:
    _, out, _ = run_cli("detect", str(ROOT / "sample_projects" / "go-cgo"))
    assert "cgo           yes" in out
    assert not re.search(r"\b(True|False|None)\b| \(\)", out)


# ---- the wizard honours NO_COLOR ------------------------------------------------------------


def test_the_wizard_without_colour(tmp_path: Path) -> None:
    project = make_project(tmp_path / "shop", FLASK)
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "genfile", "init", str(project)],
        cwd=str(ROOT),
        env=env,
        dimensions=(50, 160),
        encoding="utf-8",
        timeout=20,
    )
    child.expect("Stack")
    assert not any(code in child.before for code in ("\x1b[36m", "\x1b[31m", "\x1b[32m", "\x1b[1m"))
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def test_evidence_quotes_are_balanced() -> None:
    from genfile.evidence import Evidence

    assert (
        Evidence("a.go", 3, '"config/very/long/path/that/was/cut').note
        == '"config/very/long/path/that/was/cut…"'
    )
    assert Evidence("Procfile", 1, "web: `make run").note.endswith("…`")
    assert Evidence("x", 1, 'say "hi"').note == 'say "hi"'


# ---- a version the user chose is said to be chosen, and only where it applies -----------------


def test_a_chosen_version_is_not_called_genfiles_default(run_cli) -> None:
    cases = [
        ("python-flask-requirements", "--python-version", "3.12", "Python 3.12 as chosen"),
        ("node-express-npm", "--node-version", "24", "Node 24 as chosen"),
        ("go-stdlib-root", "--go-version", "1.26", "Go 1.26 as chosen"),
    ]
    for sample, flag, version, said in cases:
        code, out, _ = run_cli("init", str(ROOT / "sample_projects" / sample), flag, version, "--stdout")
        assert code == 0 and said in out, out
        assert "genfile's default" not in out and "from default" not in out
        assert "current LTS line" not in out


def test_node_version_on_a_bun_project_is_refused(run_cli) -> None:
    # The bun stack's version is Bun's: --node-version 24 asked for oven/bun:24-slim.
    code, out, err = run_cli("init", str(ROOT / "sample_projects" / "bun-server"), "--node-version", "24")
    assert code == 2 and not out
    assert "sets the Node version, and this project runs on Bun (stack bun)" in err.strip().splitlines()[-1]


def test_each_version_flag_says_what_it_versions(run_cli) -> None:
    _, out, _ = run_cli("init", "--help")
    assert "nginx version of the base image" in " ".join(out.split())
