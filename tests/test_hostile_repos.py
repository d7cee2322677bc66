"""Hostile repositories, round two: one regression test per class of defect a red-team pass
found (each failed before its fix). Folder names that end a comment line, re-includes that put
every secret back, terminal escapes, writes through links, FIFOs, inputs that took minutes,
tracebacks, saved answers treated as disposable, half-written runs."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dockerfile
import pytest
import yaml

from genfile import write
from genfile.cli import main
from genfile.errors import GenfileError
from genfile.pipeline import detect, plan_stack
from genfile.render import render
from genfile.repo import Repo
from tests.conftest import ROOT, make_project

FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
DJANGO_MANAGE = (
    "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
    "from django.core.management import execute_from_command_line\n"
)
INJECTIONS = ["x\nUSER root\n", "x\r\nUSER root\r\n", "x\\", 'x"]\nUSER root\n', "x\nRUN id\n#"]


def genfile(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """genfile in its own process (a hang ends in TimeoutExpired, not a hung suite)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "genfile", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def instructions(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.cmd, c.value) for c in dockerfile.parse_string(text)]


# ---- instruction injection through folder names -------------------------------------------


@pytest.mark.parametrize("folder", INJECTIONS)
def test_a_django_folder_name_never_becomes_an_instruction(tmp_path: Path, folder: str) -> None:
    project = make_project(
        tmp_path / "p",
        {
            "requirements.txt": "django\ngunicorn\n",
            f"{folder}/manage.py": DJANGO_MANAGE,
            f"{folder}/proj/__init__.py": "",
            f"{folder}/proj/wsgi.py": "application = None\n",
        },
    )
    code = main(["init", str(project), "--yes"])
    if code == 0:
        users = [v for cmd, v in instructions((project / "Dockerfile").read_text()) if cmd == "USER"]
        runs = [v for cmd, v in instructions((project / "Dockerfile").read_text()) if cmd == "RUN"]
        assert users == [("10001:10001",)] and not any(r[0] == "id" for r in runs)
    else:
        assert code == 2


def test_a_node_source_folder_holding_the_signal_handler(tmp_path: Path) -> None:
    folder = "lib\nUSER root\n#"
    project = make_project(
        tmp_path,
        {
            "package.json": json.dumps({"name": "x", "main": "index.js", "dependencies": {"express": "4"}}),
            "index.js": "require('./lib/x')\nrequire('express')().listen(process.env.PORT || 3000)\n",
            f"{folder}/x.js": "process.on('SIGTERM', () => process.exit(0))\n",
        },
    )
    text = render(plan_stack(detect(project)))["Dockerfile"]
    assert [v for cmd, v in instructions(text) if cmd == "USER"] == [("1000:1000",)]


def test_names_with_control_characters_are_left_out_and_said(tmp_path: Path) -> None:
    project = make_project(tmp_path, {**FLASK, "bad\nname/app.py": "x = 1\n"})
    detection = detect(project)
    assert any("control characters were left out" in w for w in detection.warnings)
    assert all("\n" not in str(e) for f in detection.facts for e in f.evidence)


# ---- .dockerignore re-includes -----------------------------------------------------------


@pytest.mark.parametrize("name", ["*", "**", "!.env", "[a-z]*"])
def test_an_include_named_like_a_pattern_is_refused(run_cli, tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path, {**FLASK, name: "gunicorn\n", ".env": "SECRET=1\n"})
    (project / "requirements.txt").write_text(f"flask\n-r {name}\n")
    code, _, err = run_cli("init", str(project), "--yes")
    assert code == 2 and "cannot copy or re-include literally" in err and err.count("\n") == 1
    assert not (project / ".dockerignore").exists()


def test_re_includes_are_literal_paths() -> None:
    from genfile.render import ignore_literal

    assert ignore_literal("requirements/prod.txt") == "requirements/prod.txt"
    assert ignore_literal("a*b?[c]\\") == "a\\*b\\?\\[c\\]\\\\"


# ---- what genfile prints -----------------------------------------------------------------


def test_terminal_escapes_in_names_never_reach_the_terminal(tmp_path: Path) -> None:
    project = make_project(tmp_path / "app\x1b]0;pwned\x07", FLASK)
    result = genfile("detect", str(project))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    missing = genfile("init", str(tmp_path / "nowhere\x1b[2J"), "--yes")
    assert missing.returncode == 2 and "\x1b" not in missing.stderr and missing.stderr.count("\n") == 1


def test_values_echoed_in_errors_stay_on_one_line(run_cli) -> None:
    go = ROOT / "sample_projects" / "go-cmd-layout"
    code, out, err = run_cli("init", str(go), "--stdout", "--main", "x\ncreated: /etc/passwd")
    assert code == 2 and err.count("\n") == 1 and "'x\\ncreated: /etc/passwd'" in err and not out


def test_a_noncharacter_in_a_folder_name_keeps_compose_yaml_valid(tmp_path: Path) -> None:
    project = make_project(tmp_path / "app\ufffe", FLASK)
    plan = plan_stack(detect(project)).edit(files=("compose.yaml",))
    assert yaml.safe_load(render(plan)["compose.yaml"])["services"]


# ---- writes outside the project ----------------------------------------------------------


def test_a_backup_symlink_is_never_written_through(run_cli, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {**FLASK, "Dockerfile": "FROM scratch\n"})
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    (project / "Dockerfile.bak").symlink_to(outside)
    code, out, err = run_cli("init", str(project), "--yes", "--force")
    assert code == 0, err
    assert outside.read_text() == "precious\n"
    assert (project / "Dockerfile.bak.1").read_text() == "FROM scratch\n"
    assert "Dockerfile.bak.1" in out


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_a_target_that_is_not_a_file_is_refused(tmp_path: Path, kind: str) -> None:
    project = make_project(tmp_path / "p", FLASK)
    target = project / "Dockerfile"
    outside = tmp_path / "outside"
    outside.write_text("precious\n")
    {
        "symlink": lambda: target.symlink_to(outside),
        "fifo": lambda: os.mkfifo(target),
        "folder": target.mkdir,
    }[kind]()
    result = genfile("init", str(project), "--yes", "--force", timeout=30)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert outside.read_text() == "precious\n" and not (project / ".dockerignore").exists()


def test_a_second_force_keeps_the_first_backup(run_cli, tmp_path: Path) -> None:
    project = make_project(tmp_path, {**FLASK, "Dockerfile": "FROM handwritten\n"})
    assert run_cli("init", str(project), "--yes", "--force")[0] == 0
    assert run_cli("init", str(project), "--yes", "--force", "--port", "9001")[0] == 0
    assert (project / "Dockerfile.bak").read_text() == "FROM handwritten\n"
    assert "EXPOSE 8000" in (project / "Dockerfile.bak.1").read_text()


# ---- hangs and unbounded work ------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "fifo"),
    [
        ({"requirements.txt": "django\n"}, "manage.py"),
        ({"requirements.txt": "flask\n"}, "app.py"),
        ({"package.json": '{"main": "index.js"}', "index.js": "require('./util')\n"}, "util.js"),
        ({"go.mod": "module m\n\ngo 1.22\n", "main.go": "package main\nfunc main() {}\n"}, "util.go"),
    ],
)
def test_a_fifo_in_the_project_never_hangs_detection(
    tmp_path: Path, files: dict[str, str], fifo: str
) -> None:
    project = make_project(tmp_path, files)
    os.mkfifo(project / fifo)
    result = genfile("detect", str(project), timeout=30)
    assert result.returncode in (0, 2) and "Traceback" not in result.stderr


def _seconds(files: dict[str, str]) -> float:
    """Time to detect and render a project (best of two, to shave noise)."""
    best = float("inf")
    for _ in range(2):
        root = Path(os.environ.get("TMPDIR", "/tmp")) / f"genfile-big-{os.getpid()}-{time.monotonic_ns()}"
        make_project(root, files)
        start = time.perf_counter()
        with contextlib.suppress(GenfileError):  # refusals are fine: only the time counts here
            render(plan_stack(detect(root)))
        best = min(best, time.perf_counter() - start)
        subprocess.run(["rm", "-rf", str(root)], check=True)
    return best


BIG = {
    "python app of `a:` lines": lambda n: {"requirements.txt": "flask\n", "app.py": "a:\n" * (n // 3)},
    "python `.run(port=`": lambda n: {"requirements.txt": "flask\n", "main.py": ".run(port=" * (n // 10)},
    "node `listen({` on one line": lambda n: {
        "package.json": '{"main": "server.js"}',
        "server.js": "listen({" * (n // 8),
    },
    "vite config of `preview:{`": lambda n: {
        "package.json": json.dumps({"scripts": {"build": "vite build"}, "devDependencies": {"vite": "5"}}),
        "index.html": "",
        "vite.config.js": "preview:{" * (n // 9),
    },
    "engines.node of clauses": lambda n: {
        "package.json": json.dumps({"main": "a.js", "engines": {"node": " ".join([">=18"] * (n // 5))}}),
        "a.js": "",
    },
    "requires-python of clauses": lambda n: {
        "pyproject.toml": f"[project]\nname = 'a'\nrequires-python = '{','.join(['>=3.9'] * (n // 6))}'\n",
        "main.py": "",
    },
    "go.mod of requirements": lambda n: {
        "go.mod": "module m\n\ngo 1.22\n" + "".join(f"require a.b/c{i} v1.0.0\n" for i in range(n // 26)),
        "main.go": "package main\nfunc main() {}\n",
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(BIG))
def test_a_megabyte_input_takes_linear_time(shape: str) -> None:
    small, big = _seconds(BIG[shape](10_000)), _seconds(BIG[shape](1_000_000))
    # Linear would be 100x; quadratic, 10,000x. The margin covers a loaded CI machine.
    assert big < 2.0 or big < 400 * max(small, 0.005), (shape, small, big)
    assert big < 20, (shape, small, big)


# ---- tracebacks instead of one clear line --------------------------------------------------

DEEP = 100_000


@pytest.mark.slow
@pytest.mark.parametrize(
    "files",
    [
        {"package.json": "[" * DEEP + "]" * DEEP},
        {"Pipfile": "[packages]\n", "Pipfile.lock": "[" * DEEP + "]" * DEEP},
        {"pyproject.toml": "a = " + "[" * DEEP + "]" * DEEP + "\n"},
        {**FLASK, "genfile.toml": "[init]\nport = " + "[" * DEEP + "]" * DEEP + "\n"},
    ],
    ids=["package.json", "Pipfile.lock", "pyproject.toml", "genfile.toml"],
)
def test_deep_nesting_is_one_line(tmp_path: Path, files: dict[str, str]) -> None:
    result = genfile("init", str(make_project(tmp_path, files)), "--yes")
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "setup",
    ["genfile.toml is a folder", "output below a file", "output in /proc"],
)
def test_file_system_refusals_are_one_line_and_write_nothing(tmp_path: Path, setup: str) -> None:
    project = make_project(tmp_path / "p", FLASK)
    args = ["init", str(project), "--yes"]
    if setup == "genfile.toml is a folder":
        (project / "genfile.toml").mkdir()
        args += ["--port", "9000"]
    elif setup == "output below a file":
        (tmp_path / "plain").write_text("x")
        args += ["--output-dir", str(tmp_path / "plain" / "out")]
    else:
        args += ["--output-dir", "/proc/genfile-cannot-write-here"]
    result = genfile(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert not (project / "Dockerfile").exists()


def test_a_full_disk_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(write.GenfileError, match="No space left on device"):
        write.write_files({"Dockerfile": "a\n", ".dockerignore": "b\n"}, tmp_path)
    assert list(tmp_path.iterdir()) == []


# ---- saved answers are user data ---------------------------------------------------------


def test_genfile_toml_is_edited_in_place(run_cli, tmp_path: Path) -> None:
    saved = '# our deployment notes\n[init]\nport = 7000  # the LB expects this\n\n[deploy]\nregion = "eu"\n'
    project = make_project(tmp_path, {**FLASK, "genfile.toml": saved})
    code, _, err = run_cli("init", str(project), "--yes", "--uid", "20000")
    assert code == 0, err
    text = (project / "genfile.toml").read_text()
    assert "# our deployment notes" in text and "# the LB expects this" in text
    assert '[deploy]\nregion = "eu"' in text and "uid = 20000" in text and "port = 7000" in text


# ---- all or nothing, really ----------------------------------------------------------------


def test_sigint_during_the_renames_finishes_them_and_says_what_was_written(
    tmp_path: Path, monkeypatch
) -> None:
    real = os.replace
    sent = []

    def replace(src: str, dst: str) -> None:
        if not sent:
            sent.append(dst)
            os.kill(os.getpid(), signal.SIGINT)
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(write.InterruptedWrite) as caught:
        write.write_files({"Dockerfile": "a\n", ".dockerignore": "b\n"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dockerignore", "Dockerfile"]
    assert "Dockerfile" in caught.value.line() and ".dockerignore" in caught.value.line()


def test_sigterm_while_staging_leaves_no_temporary_files(tmp_path: Path, monkeypatch) -> None:
    real = os.fsync

    def fsync(fd: int) -> None:
        real(fd)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(SystemExit) as caught:
        write.write_files({"Dockerfile": "a\n", ".dockerignore": "b\n"}, tmp_path)
    assert caught.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_concurrent_runs_never_mix_their_files(tmp_path: Path) -> None:
    project = make_project(tmp_path, FLASK)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "genfile",
                "init",
                str(project),
                "--yes",
                "--force",
                "--compose",
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        for port in range(9001, 9005)  # four writers at once are enough to interleave
    ]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    exposed = next(v for cmd, v in instructions((project / "Dockerfile").read_text()) if cmd == "EXPOSE")[0]
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    ports = next(iter(compose["services"].values()))["ports"]
    assert ports == [f"{exposed}:{exposed}"]
    assert f"port = {exposed}" in (project / "genfile.toml").read_text()


@pytest.mark.slow
def test_the_walk_is_breadth_first_and_says_when_it_stopped(tmp_path: Path) -> None:
    deep = {f"vendor_like/{i // 100}/{i % 100}/m{i}.py": "" for i in range(6000)}
    project = make_project(
        tmp_path,
        {
            **deep,
            "requirements.txt": "fastapi\n",
            "web/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    detection = detect(project)
    assert detection.fact("start command").value.startswith("uvicorn web.main:app")  # type: ignore[union-attr]
    assert any("it read the 5000 in the shallowest folders" in w for w in detection.warnings)


def test_a_folder_genfile_cannot_write_is_one_line_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(write.GenfileError) as caught:
        write.write_files({"Dockerfile": "a\n"}, tmp_path)
    assert "Permission denied" in caught.value.line() and list(tmp_path.iterdir()) == []


def test_a_name_longer_than_the_system_allows_is_no_file(tmp_path: Path) -> None:
    # Found by the pyproject fuzz: a 300-character module name in [project.scripts] made
    # pathlib raise ENAMETOOLONG (Python < 3.14) instead of answering "no such file".
    long = "x" * 300
    repo = Repo(tmp_path)
    assert not repo.is_file(long) and not repo.is_dir(long) and not repo.exists(long)
    project = make_project(
        tmp_path / "p",
        {
            "pyproject.toml": f'[project]\nname = "svc"\ndependencies = ["flask"]\n'
            f'[project.scripts]\nsvc = "{long}:main"\n',
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    assert detect(project).ecosystem == "python"
