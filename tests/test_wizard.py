"""The wizard, driven in a real pseudo-terminal the way a person would use it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import ROOT, make_project

FLASK = {"requirements.txt": "flask==3.0.3\n", "app.py": "from flask import Flask\n\napp = Flask(__name__)\n"}
DOWN, ENTER, CTRL_C, CTRL_U, ESC = "\x1b[B", "\r", "\x03", "\x15", "\x1b"
OUTPUTS = ("Dockerfile", ".dockerignore", "compose.yaml")


def spawn(*args: str) -> pexpect.spawn:
    # No cursor-position request: a pseudo-terminal without a screen would only time out on it.
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "160", "LINES": "50", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "genfile", "init", *args],
        cwd=str(ROOT),
        env=env,
        dimensions=(50, 160),
        encoding="utf-8",
        timeout=90,  # a machine busy with image builds can take a while to start Python
    )
    return child


def finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else -child.signalstatus, child.before


def unattended(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "genfile", "init", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_answers_are_written_saved_and_reproduced_by_flags(tmp_path: Path) -> None:
    project = make_project(tmp_path / "shop", FLASK)
    pristine = shutil.copytree(project, tmp_path / "copy" / "shop")
    child = spawn(str(project))
    child.expect("found a python project")
    child.expect(r"start command +gunicorn .*app:app.*\(app\.py:3\)")  # evidence before any question
    child.expect("Stack")
    child.send(ENTER)
    child.expect("Python version")
    child.send(ENTER)
    child.expect("Port the app listens on")
    child.send(CTRL_U + "9000" + ENTER)
    child.expect("Start command")
    child.expect("gunicorn --access-logfile - app:app")  # gunicorn binds $PORT itself
    child.send(ENTER)
    child.expect("Extra system packages")
    child.send("curl tzdata" + ENTER)
    child.expect("Files to write")
    child.send(DOWN + DOWN + " " + ENTER)
    code, screen = finish(child)
    assert code == 0, screen
    assert "docker build -t shop" in screen and "docker run --rm -p 9000:9000 shop" in screen
    assert "docker compose" in screen
    written = {name: (project / name).read_text() for name in OUTPUTS}
    assert "EXPOSE 9000" in written["Dockerfile"] and "curl tzdata" in written["Dockerfile"]
    saved = (project / "genfile.toml").read_text()
    assert "port = 9000" in saved and 'system_packages = ["curl", "tzdata"]' in saved

    # flag parity: the same answers as flags, without a terminal, give identical files
    result = unattended(str(pristine), "--port", "9000", "--system-packages", "curl tzdata", "--compose")
    assert result.returncode == 0, result.stderr
    assert {name: (pristine / name).read_text() for name in OUTPUTS} == written

    # saved answers: --yes later reproduces the same files from genfile.toml alone
    for name in OUTPUTS:
        (project / name).unlink()
    result = unattended(str(project), "--yes")
    assert result.returncode == 0, result.stderr
    assert {name: (project / name).read_text() for name in OUTPUTS} == written


@pytest.mark.parametrize("key", [CTRL_C, ESC], ids=["ctrl-c", "esc"])
def test_cancel_writes_nothing(tmp_path: Path, key: str) -> None:
    project = make_project(tmp_path, FLASK)
    child = spawn(str(project))
    child.expect("Stack")
    child.send(ENTER)
    child.expect("Python version")
    child.send(key)
    code, screen = finish(child)
    assert code == 130
    assert "cancelled, nothing written" in screen
    assert sorted(p.name for p in project.iterdir()) == ["app.py", "requirements.txt"]


def test_existing_file_shows_a_diff_and_can_be_written_alongside(tmp_path: Path) -> None:
    project = make_project(tmp_path, {**FLASK, "Dockerfile": "FROM python:3.11\nCOPY . .\n"})
    child = spawn(str(project))
    for prompt in ("Stack", "Python version", "Port", "Start command", "Extra system packages", "Files"):
        child.expect(prompt)
        child.send(ENTER)
    child.expect("Dockerfile already exists")
    child.expect("-FROM python:3.11")
    child.expect("Overwrite")
    child.send(DOWN + ENTER)
    code, screen = finish(child)
    assert code == 0, screen
    assert (project / "Dockerfile").read_text() == "FROM python:3.11\nCOPY . .\n"
    assert (project / "Dockerfile.genfile").read_text().startswith("# Dockerfile for")


def test_monorepo_asks_which_folder(tmp_path: Path) -> None:
    make_project(tmp_path, {f"api/{k}": v for k, v in FLASK.items()})
    make_project(tmp_path, {"worker/requirements.txt": "celery\n", "worker/main.py": ""})
    child = spawn(str(tmp_path))
    child.expect("Several projects here")
    child.send(DOWN + ENTER)
    for prompt in ("Stack", "Python version", "Port", "Start command", "Extra system packages", "Files"):
        child.expect(prompt)
        child.send(ENTER)
    code, screen = finish(child)
    assert code == 0, screen
    assert (tmp_path / "worker" / "Dockerfile").is_file() and not (tmp_path / "api" / "Dockerfile").exists()
    result = unattended(str(tmp_path), "--yes")
    assert result.returncode == 2
    assert (
        "several projects in sub-folders (api/, worker/)" in result.stderr and "genfile init" in result.stderr
    )


def test_several_go_programs_are_a_question(tmp_path: Path) -> None:
    project = shutil.copytree(ROOT / "sample_projects" / "go-cmd-layout", tmp_path / "inventory")
    child = spawn(str(project))
    child.expect("Which one should the image run")
    child.send(DOWN + ENTER)
    for prompt in ("Go version", "Port", "Start command", "Files"):
        child.expect(prompt)
        child.send(ENTER)
    code, screen = finish(child)
    assert code == 0, screen
    assert '"/usr/local/bin/migrate"' in (project / "Dockerfile").read_text()
    assert 'main = "./cmd/migrate"' in (project / "genfile.toml").read_text()
    result = unattended(str(project), "--yes", "--force")  # the saved answer is used again
    assert result.returncode == 0, result.stderr
    assert '"/usr/local/bin/migrate"' in (project / "Dockerfile").read_text()
