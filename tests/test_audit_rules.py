"""Each audit rule on its own: the classic anti-pattern yields its finding at its line, and the
near miss that is fine yields nothing (precision matters as much as recall)."""

from __future__ import annotations

import pytest

from genfile.audit import audit_text
from genfile.audit.ignore import IgnoreFile
from genfile.audit.images import ImageRef
from genfile.audit.parse import parse
from genfile.audit.shell import build_packages, invocations, simple_commands
from genfile.errors import ManifestError
from tests.conftest import make_project

GOOD_IGNORE = ".git\n**/node_modules\n.venv\nvenv\n**/.env\n**/.env.*\n"


def found(text: str, *, ignore: str | None = GOOD_IGNORE, project=None) -> set[tuple[str, int | None]]:
    report = audit_text(text, dockerignore=ignore, project=project)
    return {(f.rule.id, f.line) for f in report.findings}


def ids(text: str, **kwargs) -> set[str]:
    return {rule for rule, _ in found(text, **kwargs)}


# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF001", 1, 'FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "x.js"]\n'),
    ("GF001", 1, 'FROM golang:1.22-alpine\nCOPY . .\nRUN go build -o /x .\nUSER 1\nCMD ["/x"]\n'),
    (
        "GF001",
        3,
        "FROM python:3.12-slim AS b\nFROM python:3.12-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev "
        "&& rm -rf /var/lib/apt/lists/*\nUSER 1\n",
    ),
    (
        "GF001",
        4,
        "FROM node:20-alpine\nCOPY package.json ./\nRUN npm ci && npm cache clean --force\n"
        "RUN npm run build\n"
        'USER node\nCMD ["node", "dist/x.js"]\n',
    ),
    ("GF002", 3, 'FROM node:20-alpine AS b\nRUN echo\nFROM python:3.12-bookworm\nUSER 1\nCMD ["x"]\n'),
    ("GF002", 1, 'FROM debian:12\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 1, 'FROM python\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 3, 'FROM python:3.12-slim AS b\nRUN echo\nFROM alpine:latest\nUSER 1\nCMD ["x"]\n'),
    ("GF004", 2, 'FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n'),
    ("GF004", 3, 'FROM python:3.12-slim\nUSER app\nUSER root\nCMD ["x"]\n'),
    ("GF004", 2, 'FROM python:3.12-slim\nUSER 0:0\nCMD ["x"]\n'),
    (
        "GF005",
        2,
        "FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\n"
        "USER 1\n",
    ),
    (
        "GF005",
        2,
        "FROM node:20-alpine\nCOPY src/ ./src/\nCOPY package.json ./\n"
        "RUN npm ci && npm cache clean --force\nUSER node\n",
    ),
    ("GF005", 2, "FROM golang:1.22 AS b\nCOPY . .\nRUN go mod download\nFROM scratch\nUSER 1\n"),
    (
        "GF005",
        2,
        "FROM python:3.12-slim AS deps\nCOPY . .\nFROM deps\n"
        "RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*\nUSER 1\n",
    ),
    ("GF006", 2, "FROM python:3.12-slim\nRUN pip install flask\nUSER 1\n"),
    ("GF006", 2, "FROM python:3.12-slim\nRUN python -m pip install -r requirements.txt\nUSER 1\n"),
    (
        "GF006",
        2,
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"
        "USER 1\n",
    ),
    ("GF006", 2, "FROM alpine:3.20\nRUN apk add curl\nUSER 1\n"),
    ("GF006", 3, "FROM node:20-alpine\nCOPY package.json ./\nRUN npm ci --omit=dev\nUSER node\n"),
    ("GF006", 2, "FROM node:20-alpine\nRUN yarn install --frozen-lockfile\nUSER node\n"),
    ("GF006", 2, "FROM fedora:40\nRUN dnf install -y curl\nUSER 1\n"),
    ("GF006", 2, "FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nUSER 1\n"),
    ("GF009", 2, 'FROM alpine:3.20\nCOPY .env config/ /app/\nUSER 1\nCMD ["x"]\n'),
    ("GF010", 1, 'ARG NPM_TOKEN\nFROM node:20-alpine\nUSER node\nCMD ["node", "x"]\n'),
    ("GF010", 2, 'FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY=abc\nUSER 1\nCMD ["x"]\n'),
    ("GF010", 2, 'FROM alpine:3.20\nENV DB_PASSWORD hunter2\nUSER 1\nCMD ["x"]\n'),
    (
        "GF010",
        2,
        'FROM alpine:3.20\nARG GITHUB=ghp_abcdefghijklmnopqrstuvwxyz0123456789\nUSER 1\nCMD ["x"]\n',
    ),
    ("GF011", 2, 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /opt/\nUSER 1\nCMD ["x"]\n'),
    ("GF012", 2, 'FROM alpine:3.20\nADD config.yml /etc/app/\nUSER 1\nCMD ["x"]\n'),
    ("GF012", 2, 'FROM alpine:3.20\nADD vendor.tar.gz /opt/\nUSER 1\nCMD ["x"]\n'),
    ("GF013", 3, "FROM python:3.12-slim\nUSER 1\nCMD gunicorn -b 0.0.0.0:8000 app:app\n"),
    ("GF013", 3, "FROM alpine:3.20\nUSER 1\nENTRYPOINT /usr/local/bin/server --port 80\n"),
    ("GF014", 3, 'FROM node:20-alpine\nUSER node\nCMD ["npm", "start"]\n'),
    ("GF014", 3, 'FROM node:20-alpine\nUSER node\nCMD ["yarn", "run", "serve"]\n'),
    (
        "GF014",
        4,
        'FROM node:20-alpine\nUSER node\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["pnpm", "start"]\n',
    ),
    ("GF016", 3, 'FROM python:3.12-slim\nUSER 1\nCMD ["flask", "run", "--host", "0.0.0.0"]\n'),
    ("GF016", 3, 'FROM python:3.12-slim\nUSER 1\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n'),
    (
        "GF016",
        3,
        'FROM python:3.12-slim\nUSER 1\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--reload"]\n',
    ),
    ("GF016", 3, 'FROM node:20-alpine\nUSER node\nCMD ["npx", "next", "dev"]\n'),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    (
        "GF001",
        "FROM golang:1.22 AS b\nRUN go build -o /x .\nFROM gcr.io/distroless/static-debian12:nonroot\n"
        "COPY --from=b /x /x\n",
    ),
    (
        "GF001",
        "FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev "
        "&& pip install --no-cache-dir x && apk del .build-deps\nUSER 1\n",
    ),
    ("GF001", "FROM python:3.12-slim AS b\nRUN apt-get install -y gcc\nFROM python:3.12-slim\nUSER 1\n"),
    ("GF002", 'FROM python:3.12 AS b\nRUN echo\nFROM python:3.12-slim\nUSER 1\nCMD ["x"]\n'),
    ("GF002", 'FROM myorg/python:3.12\nUSER 1\nCMD ["x"]\n'),
    ("GF002", 'FROM nginx:1.27\nUSER 101\nCMD ["nginx"]\n'),
    ("GF003", 'FROM python:3.12-slim AS base\nFROM base\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 'FROM scratch\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 'FROM python@sha256:0123456789abcdef\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 'ARG BASE=python:3.12-slim\nFROM ${BASE}\nUSER 1\nCMD ["x"]\n'),
    ("GF004", 'FROM gcr.io/distroless/static-debian12:nonroot\nCMD ["x"]\n'),
    ("GF004", 'FROM python:3.12-slim AS base\nUSER 10001\nFROM base\nCMD ["x"]\n'),
    ("GF004", 'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCMD ["nginx"]\n'),
    ("GF004", 'FROM $BASE\nCMD ["x"]\n'),
    (
        "GF005",
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
        "COPY . .\nUSER 1\n",
    ),
    (
        "GF005",
        "FROM python:3.12-slim\nCOPY pyproject.toml ./\nRUN pip install --no-cache-dir -r pyproject.toml\n"
        "COPY . .\nRUN pip install --no-cache-dir --no-deps .\nUSER 1\n",
    ),
    (
        "GF005",
        "FROM node:20-alpine\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\n"
        "RUN npm run build\nUSER node\n",
    ),
    (
        "GF005",
        "FROM golang:1.22 AS b\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /x .\n"
        "FROM scratch\nUSER 1\n",
    ),
    ("GF006", "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nUSER 1\n"),
    (
        "GF006",
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\nUSER 1\n",
    ),
    ("GF006", "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\nUSER 1\n"),
    (
        "GF006",
        "FROM python:3.12-slim AS b\nRUN pip install flask\nFROM python:3.12-slim\nUSER 1\n",
    ),  # builder only
    (
        "GF006",
        "FROM debian:12-slim\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER 1\n",
    ),
    ("GF006", "FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 1\n"),
    ("GF006", "FROM node:20-alpine\nRUN --mount=type=cache,target=/root/.npm npm ci\nUSER node\n"),
    ("GF006", "FROM fedora:40\nRUN dnf install -y curl && dnf clean all\nUSER 1\n"),
    ("GF006", "FROM python:3.12-slim\nRUN pip --version && python -m venv /v\nUSER 1\n"),
    (
        "GF010",
        "FROM alpine:3.20\nENV PUBLIC_KEY=abc DB_PASSWORD_FILE=/run/secrets/db MONKEY=1 KEYBOARD=us\n"
        "USER 1\n",
    ),
    (
        "GF010",
        "FROM alpine:3.20\nARG TARGETARCH\n"
        "ENV PIP_ROOT_USER_ACTION=ignore COREPACK_ENABLE_DOWNLOAD_PROMPT=0\nUSER 1\n",
    ),
    ("GF011", "FROM alpine:3.20\nADD --checksum=sha256:abc https://example.com/x /x\nUSER 1\n"),
    ("GF012", "FROM alpine:3.20\nADD https://example.com/x /x\nCOPY a.tar.gz /opt/\nUSER 1\n"),
    ("GF013", 'FROM python:3.12-slim\nUSER 1\nCMD ["gunicorn", "app:app"]\n'),
    ("GF013", "FROM python:3.12-slim\nUSER 1\nCMD exec gunicorn --bind 0.0.0.0:$PORT app:app\n"),
    (
        "GF013",
        'FROM python:3.12-slim\nUSER 1\nCMD python old.py\nCMD ["python", "new.py"]\n',
    ),  # not the effective one
    ("GF014", 'FROM node:20-alpine\nUSER node\nCMD ["node", "server.js"]\n'),
    ("GF014", 'FROM node:20-alpine\nRUN npm run build\nUSER node\nCMD ["node", "dist/main.js"]\n'),
    ("GF016", 'FROM python:3.12-slim\nUSER 1\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n'),
    ("GF016", 'FROM node:20-alpine\nRUN npx vite build\nUSER node\nCMD ["node", "server.js"]\n'),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)


def test_shell_form_fix_is_the_exec_form() -> None:
    report = audit_text(
        "FROM python:3.12-slim\nUSER 1\nCMD gunicorn -b 0.0.0.0:8000 app:app\n", dockerignore=GOOD_IGNORE
    )
    finding = next(f for f in report.findings if f.rule.id == "GF013")
    assert 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]' in finding.fix_text


def test_shell_form_on_distroless_cannot_start() -> None:
    text = "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY x /x\nENTRYPOINT /x --serve\n"
    finding = next(f for f in audit_text(text, dockerignore=GOOD_IGNORE).findings if f.rule.id == "GF013")
    assert "has none: the container cannot start" in finding.message


def test_npm_start_fix_runs_the_script_directly(tmp_path) -> None:
    make_project(tmp_path, {"package.json": '{"name": "x", "scripts": {"start": "node src/server.js"}}'})
    text = 'FROM node:22-alpine\nUSER node\nCMD ["npm", "start"]\n'
    finding = next(
        f
        for f in audit_text(text, dockerignore=GOOD_IGNORE, project=tmp_path).findings
        if f.rule.id == "GF014"
    )
    assert 'CMD ["node", "src/server.js"]' in finding.fix_text


def test_npm_start_of_a_dev_server_is_a_dev_server(tmp_path) -> None:
    make_project(tmp_path, {"package.json": '{"name": "x", "scripts": {"start": "nodemon index.js"}}'})
    text = 'FROM node:22-alpine\nUSER node\nCMD ["npm", "start"]\n'
    assert {"GF014", "GF016"} <= ids(text, project=tmp_path)


def test_secret_values_are_never_printed() -> None:
    text = "FROM alpine:3.20\nENV API_TOKEN=s3cr3t-value\nUSER 1\n"
    report = audit_text(text, dockerignore=GOOD_IGNORE)
    finding = next(f for f in report.findings if f.rule.id == "GF010")
    assert "s3cr3t" not in finding.message + finding.fix_text


# ---- .dockerignore rules, with a project folder --------------------------------------------
FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
PLAIN = (
    "FROM python:3.12-slim\nCOPY requirements.txt .\n"
    "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 1\nEXPOSE 8000\n"
    'CMD ["gunicorn", "app:app"]\n'
)


def test_no_dockerignore_points_at_the_copy_and_lists_what_gets_in(tmp_path) -> None:
    make_project(tmp_path, {**FLASK, ".git/HEAD": "ref", ".venv/pyvenv.cfg": "home = /usr"})
    report = audit_text(PLAIN, dockerignore=None, project=tmp_path)
    finding = next(f for f in report.findings if f.rule.id == "GF007")
    assert finding.line == 4 and ".git" in finding.message and ".venv" in finding.message


def test_dockerignore_gaps_name_what_leaks_and_the_line_that_lets_it_back(tmp_path) -> None:
    make_project(tmp_path, {**FLASK, "node_modules/x/index.js": ""})
    report = audit_text(PLAIN, dockerignore=".git\n**/.env*\nnode_modules\n!node_modules\n", project=tmp_path)
    gaps = {f.message.split(" ")[0]: f for f in report.findings if f.rule.id == "GF008"}
    assert set(gaps) == {"node_modules", ".venv", "venv"}
    assert gaps["node_modules"].line == 4 and "!node_modules" in gaps["node_modules"].fix_text
    assert gaps[".venv"].line is None and str(gaps[".venv"].file).endswith(".dockerignore")


def test_dockerignore_rules_follow_the_ecosystem(tmp_path) -> None:
    make_project(tmp_path, {"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\nfunc main() {}\n"})
    text = (
        "FROM golang:1.22 AS b\nCOPY . .\nRUN go build -o /x .\nFROM scratch\nCOPY --from=b /x /x\n"
        'USER 1\nENTRYPOINT ["/x"]\n'
    )
    assert "GF008" not in ids(text, ignore=".git\n**/.env\n**/.env.*\n", project=tmp_path)


def test_secret_files_in_the_context_are_an_error(tmp_path) -> None:
    make_project(
        tmp_path, {**FLASK, ".env": "TOKEN=x", "certs/server.pem": "-----", ".env.example": "TOKEN="}
    )
    report = audit_text(PLAIN, dockerignore=".git\n.venv\nvenv\n", project=tmp_path)
    finding = next(f for f in report.findings if f.rule.id == "GF009")
    assert finding.line == 4 and ".env" in finding.message and "certs/server.pem" in finding.message
    assert ".env.example" not in finding.message
    assert "GF009" not in ids(PLAIN, ignore=".git\n.venv\nvenv\n**/.env\n**/*.pem\n", project=tmp_path)


def test_missing_expose_uses_detection_and_is_skipped_without_it(tmp_path) -> None:
    make_project(tmp_path, FLASK)
    text = PLAIN.replace("EXPOSE 8000\n", "")
    report = audit_text(text, dockerignore=GOOD_IGNORE, project=tmp_path)
    finding = next(f for f in report.findings if f.rule.id == "GF015")
    assert "Flask server listens on port 8000" in finding.message and finding.line == 6
    assert "GF015" not in ids(text)  # no project, no detection: the rule is skipped


# ---- the pieces under the rules ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("FROM python:3.12-slim\nRUN echo\nENV ONLY_KEY\n", 3, "ENV must have two arguments"),
        ("FROM alpine:3.20\n\nRUN <<EOF\necho never closed\n", 3, "unterminated heredoc"),
        ("FROM alpine:3.20\nCOPPY . .\n", 2, "unknown instruction COPPY"),
        ("RUN echo\nFROM alpine:3.20\n", 1, "RUN before the first FROM"),
        ("# only a comment\n", None, "file with no instructions"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int | None, problem: str) -> None:
    with pytest.raises(ManifestError) as error:
        parse(text)
    message = error.value.message
    assert problem in message
    assert message.startswith(f"Dockerfile:{line}:" if line else "Dockerfile: ")


def test_parse_builds_stages_and_substitutes_global_args() -> None:
    parsed = parse(
        "ARG PY=3.12\nFROM python:${PY}-slim AS base\nFROM base AS app\nUSER 1\nFROM alpine:3.20\n"
    )
    assert [s.image for s in parsed.stages] == ["python:3.12-slim", "base", "alpine:3.20"]
    assert parsed.stages[1].parent == 0 and parsed.stages[2].parent is None
    assert [s.index for s in parsed.chain(parsed.stages[1])] == [0, 1]


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        ("node_modules", "node_modules/a/index.js", True),
        ("node_modules/", "node_modules/a/index.js", True),
        ("/node_modules", "node_modules/a/index.js", True),
        ("node_modules", "web/node_modules/a.js", False),
        ("**/node_modules", "web/app/node_modules/a.js", True),
        ("*.md\n!README.md", "README.md", False),
        ("*.md\n!README.md", "docs.md", True),
        ("docs/*.md", "docs/a/b.md", False),
        (".env*", ".env.production", True),
        (".env", ".env.production", False),
        ("**", "anything/at/all", True),
        ("**\n!src", "src/app.py", False),
        ("# .git\n", ".git/HEAD", False),
        ("[a-c].txt", "b.txt", True),
    ],
)
def test_dockerignore_matches_like_buildkit(patterns: str, path: str, excluded: bool) -> None:
    assert IgnoreFile.parse(patterns).excludes(path) is excluded


def test_shell_reader_splits_commands_and_recognises_tools() -> None:
    script = (
        "apt-get update && apt-get install -y --no-install-recommends gcc=12.2 libpq-dev \\\n"
        " && pip --python /v/bin/python install -r r.txt > /dev/null"
    )
    assert [c[0] for c in simple_commands(script)] == ["apt-get", "apt-get", "pip"]
    calls = invocations(script)
    assert [(i.tool, i.sub) for i in calls] == [
        ("apt-get", "update"),
        ("apt-get", "install"),
        ("pip", "install"),
    ]
    assert build_packages(calls[1]) == ["gcc", "libpq-dev"]
    assert [
        (i.tool, i.sub) for i in invocations("CGO_ENABLED=0 go build . ; sudo -E apk add --virtual .b make")
    ] == [
        ("go", "build"),
        ("apk", "add"),
    ]


@pytest.mark.parametrize(
    ("reference", "official", "tag", "full"),
    [
        ("python:3.11", "python", "3.11", True),
        ("python:3.11-slim-bookworm", "python", "3.11-slim-bookworm", False),
        ("docker.io/library/node:22", "node", "22", True),
        ("node:22-alpine", "node", "22-alpine", False),
        ("public.ecr.aws/docker/library/python:3.12", "python", "3.12", True),
        ("ghcr.io/acme/python:3.12", None, "3.12", False),
        ("localhost:5000/python", None, None, False),
        ("gcr.io/distroless/static-debian12:nonroot", None, "nonroot", False),
    ],
)
def test_image_references(reference: str, official: str | None, tag: str | None, full: bool) -> None:
    ref = ImageRef.parse(reference)
    assert (ref.official, ref.tag, ref.full()) == (official, tag, full)


def test_existing_env_file_is_a_gap_without_copy_and_an_error_with_it(tmp_path) -> None:
    make_project(tmp_path, {**FLASK, ".env": "TOKEN=x"})
    only_files = 'FROM python:3.12-slim\nCOPY app.py .\nUSER 1\nEXPOSE 8000\nCMD ["gunicorn", "app:app"]\n'
    assert ("GF008", None) in found(only_files, ignore=".git\n.venv\nvenv\n", project=tmp_path)
    assert "GF009" not in ids(only_files, ignore=".git\n.venv\nvenv\n", project=tmp_path)
    both = ids(PLAIN, ignore=".git\n.venv\nvenv\n", project=tmp_path)
    assert "GF009" in both
