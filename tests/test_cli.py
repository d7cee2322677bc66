"""The command line: help, version, stacks, init's writing rules, and one-line errors."""

from __future__ import annotations

import json

import pytest

from genfile import __version__
from tests.conftest import ROOT, make_project

FLASK = {
    "requirements.txt": "flask==3.0.3\ngunicorn==23.0.0\n",
    "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
}


def test_version(run_cli) -> None:
    code, out, _ = run_cli("--version")
    assert (code, out.strip()) == (0, f"genfile {__version__}")


@pytest.mark.parametrize("command", [[], ["detect"], ["init"], ["stacks"]])
def test_help_everywhere(run_cli, command) -> None:
    code, out, _ = run_cli(*command, "--help")
    assert code == 0 and "usage: genfile" in out


def test_stacks_lists_one_line_each(run_cli) -> None:
    code, out, _ = run_cli("stacks")
    lines = out.strip().splitlines()
    assert code == 0
    names = [line.split()[0] for line in lines]
    assert names.index("python-slim") < names.index("python-alpine")  # preferred first
    assert len(names) == len({p.parent.name for p in (ROOT / "stacks").glob("*/stack.toml")})


def test_detect_json_has_evidence_and_plan(run_cli, tmp_path) -> None:
    make_project(tmp_path, FLASK)
    code, out, _ = run_cli("detect", str(tmp_path), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["stack"]["name"] == "python-slim"
    command = next(f for f in data["facts"] if f["name"] == "start command")
    assert command["evidence"][0] == {"file": "app.py", "line": 3, "note": "app = Flask("}
    # No --bind: gunicorn binds 0.0.0.0:$PORT itself, so the platform's PORT wins.
    assert data["plan"]["command"] == [
        "gunicorn",
        "--access-logfile",
        "-",
        "app:app",
    ]


def test_init_writes_then_refuses_then_forces_with_backup(run_cli, tmp_path) -> None:
    make_project(tmp_path, FLASK)
    code, out, _ = run_cli("init", str(tmp_path), "--yes")
    assert code == 0 and "created" in out
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM scratch\n")
    dockerfile.chmod(0o600)
    code, _, err = run_cli("init", str(tmp_path), "--yes")
    assert code == 2
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert dockerfile.read_text() == "FROM scratch\n"
    code, out, _ = run_cli("init", str(tmp_path), "--yes", "--force")
    assert code == 0
    assert (tmp_path / "Dockerfile.bak").read_text() == "FROM scratch\n"
    assert dockerfile.read_text().startswith("# Dockerfile for")
    assert dockerfile.stat().st_mode & 0o777 == 0o600  # permissions of the replaced file kept


def test_init_stdout_writes_nothing(run_cli, tmp_path) -> None:
    make_project(tmp_path, FLASK)
    code, out, _ = run_cli(
        "init", str(tmp_path), "--stdout", "--port", "9000", "--cmd", "gunicorn -b :9000 app:app"
    )
    assert code == 0
    assert 'CMD ["gunicorn", "-b", ":9000", "app:app"]' in out and "EXPOSE 9000" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.py", "requirements.txt"]


def test_port_flag_updates_the_server_command(run_cli, tmp_path) -> None:
    make_project(tmp_path, FLASK)
    code, out, _ = run_cli("init", str(tmp_path), "--dry-run", "--port", "9100", "--python-version", "3.12")
    assert code == 0
    assert "PORT=9100" in out and "EXPOSE 9100" in out and "FROM python:3.12-slim" in out
    assert 'CMD ["gunicorn", "--access-logfile", "-", "app:app"]' in out


def test_output_dir(run_cli, tmp_path) -> None:
    project = make_project(tmp_path / "p", FLASK)
    code, _, _ = run_cli("init", str(project), "--yes", "--output-dir", str(tmp_path / "out"))
    assert code == 0
    assert (tmp_path / "out" / "Dockerfile").is_file() and not (project / "Dockerfile").exists()


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        (
            {"pyproject.toml": "[project]\nname = 'x'\nversion = = 1\n"},
            [],
            "pyproject.toml:3:11: invalid TOML",
        ),
        (
            {"Pipfile": "[packages]\nflask = '*'\n", "Pipfile.lock": "{ nope"},
            [],
            "Pipfile.lock:1:3: invalid JSON",
        ),
        ({"requirements.txt": b"\x00\x01binary"}, [], "requirements.txt: is a binary file"),
        ({"requirements.txt/x": "folder"}, [], "requirements.txt: is a folder, expected a file"),
        ({"README.md": "hello"}, [], "project found (looked for"),
        (FLASK, ["--port", "99999"], "--port: 99999 is not a port number"),
        (FLASK, ["--stack", "nope"], "unknown stack 'nope'"),
        (FLASK, ["--python-version", "3.x"], "'3.x' is not a version"),
        ({"requirements.txt": "requests\n"}, [], "no start command found"),
    ],
)
def test_user_errors_are_one_line_exit_2_nothing_written(run_cli, tmp_path, files, args, message) -> None:
    make_project(tmp_path, files)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, out, err = run_cli("init", str(tmp_path), "--yes", *args)
    assert code == 2, out + err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_missing_folder(run_cli, tmp_path) -> None:
    code, _, err = run_cli("detect", str(tmp_path / "nope"))
    assert code == 2 and "no such folder" in err


def test_secrets_are_named_in_warnings(run_cli, tmp_path) -> None:
    make_project(tmp_path, {**FLASK, ".env": "TOKEN=x", "certs/server.pem": "-----"})
    code, out, _ = run_cli("detect", str(tmp_path))
    assert code == 0
    assert "secret-looking files kept out of the image by .dockerignore: .env, certs/server.pem" in out


@pytest.mark.parametrize("value", ["gunicorn app:app\n", "x\nRUN id", "a\x00b"])
def test_trailing_newlines_and_control_characters_never_pass(run_cli, tmp_path, value) -> None:
    make_project(tmp_path, FLASK)
    code, _, err = run_cli("init", str(tmp_path), "--stdout", "--cmd", f"'{value}'")
    assert code == 2 and "control characters" in err


def test_flags_for_every_question(run_cli, tmp_path) -> None:
    make_project(tmp_path, FLASK)
    code, out, _ = run_cli(
        "init",
        str(tmp_path),
        "--stdout",
        "--uid",
        "4242",
        "--system-packages",
        "curl,tzdata",
        "--files",
        "Dockerfile,compose.yaml",
        "--stack",
        "python-alpine",
        "--python-version",
        "3.12",
    )
    assert code == 0
    assert (
        "# ---- Dockerfile ----" in out and "# ---- compose.yaml ----" in out and ".dockerignore" not in out
    )
    assert "adduser -S -D -H -u 4242" in out and "USER 4242:4242" in out
    assert "apk add --no-cache curl tzdata" in out and "FROM python:3.12-alpine" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--uid", "0"], "--uid: 0 is not an unprivileged UID"),
        (["--system-packages", "curl;rm"], "'curl;rm' is not a package name"),
        (["--files", "Makefile"], "genfile does not write 'Makefile'"),
        (["--node-version", "22"], "--node-version does not apply to a python project"),
    ],
)
def test_bad_flag_values(run_cli, tmp_path, args, message) -> None:
    make_project(tmp_path, FLASK)
    code, _, err = run_cli("init", str(tmp_path), "--yes", *args)
    assert code == 2 and message in err and err.count("\n") == 1


def test_saved_answers_are_used_and_flags_override_them(run_cli, tmp_path) -> None:
    make_project(tmp_path, {**FLASK, "genfile.toml": '[init]\nport = 7000\nsystem_packages = ["curl"]\n'})
    code, out, _ = run_cli("init", str(tmp_path), "--stdout")
    assert code == 0 and "EXPOSE 7000" in out and "curl" in out
    code, out, _ = run_cli("init", str(tmp_path), "--stdout", "--port", "7100")
    assert code == 0 and "EXPOSE 7100" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[init]\nport = 'x'\n", "genfile.toml: [init] port must be a number"),
        ("[init]\nport = 70000\n", "genfile.toml: 70000 is not a port number"),
        # A string where a list belongs is refused, never split into its characters.
        ('[init]\ncommand = "gunicorn app:app"\n', "genfile.toml: [init] command must be a list of strings"),
        ('[init]\nsystem_packages = "curl"\n', "genfile.toml: [init] system_packages must be a list"),
        ("[init]\ncolour = 'red'\n", "genfile.toml: unknown answer 'colour'"),
        ("[init\n", "genfile.toml:1:6: invalid TOML"),
    ],
)
def test_broken_saved_answers(run_cli, tmp_path, text, message) -> None:
    make_project(tmp_path, {**FLASK, "genfile.toml": text})
    code, _, err = run_cli("init", str(tmp_path), "--yes")
    assert code == 2 and message in err and err.count("\n") == 1


def test_main_flag_picks_the_go_program_and_is_refused_elsewhere(run_cli, tmp_path) -> None:
    go = ROOT / "sample_projects" / "go-cmd-layout"
    code, out, _ = run_cli("init", str(go), "--stdout", "--main", "./cmd/migrate")
    assert code == 0 and '"/usr/local/bin/migrate"' in out
    code, _, err = run_cli("init", str(go), "--stdout", "--main", "./cmd/nope")
    assert code == 2 and "./cmd/inventory" in err and err.count("\n") == 1
    make_project(tmp_path, FLASK)
    code, _, err = run_cli("init", str(tmp_path), "--stdout", "--main", "x")
    assert code == 2 and "--main" in err
