"""The file system side of safety: links, odd names, interrupted writes, secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from genfile import write
from genfile.pipeline import detect, plan_stack
from genfile.render import render
from tests.conftest import make_project

FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\n\napp = Flask(__name__)\n"}


def test_symlink_loops_and_links_outside_are_not_followed(tmp_path: Path) -> None:
    outside = make_project(
        tmp_path / "outside", {"evil.py": "from flask import Flask\nevil = Flask(__name__)\n"}
    )
    project = make_project(tmp_path / "p", {"requirements.txt": "flask\n", "src/app.py": FLASK["app.py"]})
    (project / "loop").symlink_to(project)
    (project / "src" / "up").symlink_to(project / "src")
    (project / "escape").symlink_to(outside)
    (project / "Procfile").symlink_to(outside / "evil.py")
    plan = plan_stack(detect(project))
    assert plan.start_command[-3:] == ("--chdir", "src", "app:app")


def test_manifest_linking_outside_is_refused(run_cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("flask\n")
    project = make_project(tmp_path / "p", {"app.py": FLASK["app.py"]})
    (project / "requirements.txt").symlink_to(secret)
    code, _, err = run_cli("init", str(project), "--yes")
    assert code == 2 and "requirements.txt" in err


def test_spaces_and_non_ascii_paths(run_cli, tmp_path: Path) -> None:
    project = make_project(tmp_path / "my café app", {**FLASK, "réqs/base.txt": "gunicorn\n"})
    (project / "requirements.txt").write_text("flask\n-r réqs/base.txt\n")
    code, out, err = run_cli("init", str(project), "--yes")
    assert code == 0, err
    dockerfile = (project / "Dockerfile").read_text()
    assert 'COPY ["réqs/base.txt", "réqs/"]' in dockerfile
    assert "docker build -t my-caf-app" in out


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "Dockerfile"
    target.write_text("old\n")

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write.write_files({"Dockerfile": "new\n"}, tmp_path, replace=True, backup=False)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]


def test_refusal_writes_nothing_at_all(run_cli, tmp_path: Path) -> None:
    make_project(tmp_path, {**FLASK, ".dockerignore": "keep me\n"})
    code, _, _ = run_cli("init", str(tmp_path), "--yes")
    assert code == 2
    assert not (tmp_path / "Dockerfile").exists()  # not even the file that did not exist


def test_secrets_never_enter_the_context(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            **FLASK,
            ".env.production": "K=1",
            "deploy/id_rsa": "x",
            "certs/tls.key": "x",
            ".aws/credentials": "x",
        },
    )
    detection = detect(project)
    warning = next(w for w in detection.warnings if w.startswith("secret-looking"))
    for name in (".env.production", "deploy/id_rsa", "certs/tls.key", ".aws"):
        assert name in warning
    ignore = render(plan_stack(detection))[".dockerignore"].splitlines()
    for pattern in ("**/.env.*", "**/id_rsa*", "**/*.key", "**/.aws"):
        assert pattern in ignore
