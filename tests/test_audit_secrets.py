"""GF009 and the .dockerignore ``genfile init`` writes agree on what a secret is (both read
genfile/secrets.py): a path init's .dockerignore keeps out is never reported by GF009, and
every path GF009 reports is one init's .dockerignore keeps out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from genfile import generate
from genfile.audit import audit_text
from genfile.audit.ignore import IgnoreFile
from tests.conftest import SAMPLES

# Secret-looking files, and files that only look like one: (path, content).
FILES = {
    ".env": "TOKEN=x\n",
    ".env.local": "A=1\n",
    ".env.example": "TOKEN=\n",
    ".envrc": "export TOKEN=x\n",
    "certs/server.pem": "-----BEGIN-----\n",
    "certs/README.md": "how to make a certificate\n",
    "keys/id_rsa": "key\n",
    "deploy/prod.tfvars": "password = 1\n",
    ".npmrc": "//registry.npmjs.org/:_authToken=abc\n",
    ".yarnrc": 'registry "https://registry.yarnpkg.com"\n',
    ".yarnrc.yml": "npmAuthToken: abc\n",
    "secrets.yaml": "a: 1\n",
    ".aws/credentials": "[default]\n",
    ".ssh/id_ed25519": "key\n",
    "config/.kube/config": "apiVersion: v1\n",
    ".docker/config.json": "{}\n",
    "my-service-account.json": "{}\n",
    "app-adminsdk-1.json": "{}\n",
    ".netrc": "machine example.com\n",
    "settings.json": "{}\n",
}
HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"
TAIL = 'USER 1001\nEXPOSE 5000\nCMD ["gunicorn", "app:app"]\n'


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    project = tmp_path / "shop"
    shutil.copytree(SAMPLES / "python-flask-requirements", project)
    for rel, text in files.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)
    return project


def init_ignore(project: Path) -> str:
    return generate.generate(project).files[".dockerignore"]


def gf009(text: str, project: Path, ignore: str | None) -> list[str]:
    report = audit_text(text, dockerignore=ignore, project=project)
    return [f.message for f in report.findings if f.rule.id == "GF009"]


def test_nothing_init_keeps_out_is_reported(tmp_path) -> None:
    project = project_with(tmp_path, FILES)
    ignore = init_ignore(project)
    assert gf009(HEAD + "COPY . .\n" + TAIL, project, ignore) == []
    for rel in FILES:
        assert gf009(HEAD + f"COPY {rel} /app/x/\n" + TAIL, project, ignore) == [], rel
    assert gf009(HEAD + "COPY certs/ /app/certs/\n" + TAIL, project, ignore) == []


@pytest.mark.parametrize("rel", sorted(FILES))
def test_whatever_gf009_reports_init_keeps_out(tmp_path, rel) -> None:
    project = project_with(tmp_path, {rel: FILES[rel]})
    excluded = IgnoreFile.parse(init_ignore(project)).excludes(rel)
    whole = gf009(HEAD + "COPY . .\n" + TAIL, project, None)
    named = gf009(HEAD + f"COPY {rel} /app/x/\n" + TAIL, project, None)
    if whole or named:
        assert excluded, f"GF009 reports {rel}, which init's .dockerignore lets in"
    assert bool(whole) == bool(named), rel  # COPY . . and COPY <file> judge the file alike


def test_a_secret_named_by_its_path_is_reported(tmp_path) -> None:
    # .kube/config is a secret by its path, not its name ("config"): init keeps it out.
    project = project_with(tmp_path, {"config/.kube/config": "apiVersion: v1\n"})
    (message,) = gf009(HEAD + "COPY config/.kube/config /root/.kube/config\n" + TAIL, project, None)
    assert "config/.kube/config" in message


def test_a_yarnrc_without_a_token_is_not_a_secret(tmp_path) -> None:
    project = project_with(tmp_path, {".yarnrc": FILES[".yarnrc"]})
    assert gf009(HEAD + "COPY .yarnrc ./\n" + TAIL, project, None) == []


def test_secrets_inside_a_copied_folder_are_reported(tmp_path) -> None:
    project = project_with(tmp_path, {"certs/server.pem": "k\n", "certs/README.md": "x\n"})
    (message,) = gf009(HEAD + "COPY certs/ /app/certs/\n" + TAIL, project, None)
    assert "certs/server.pem" in message and "README" not in message


def test_a_named_secret_the_dockerignore_excludes_never_reaches_the_image(tmp_path) -> None:
    project = project_with(tmp_path, {".env": "TOKEN=x\n"})
    assert gf009(HEAD + "COPY .env ./\n" + TAIL, project, ".git\n**/.env\n") == []
    assert gf009(HEAD + "COPY .env ./\n" + TAIL, project, ".git\n") != []
