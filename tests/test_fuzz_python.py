"""Hostile Python manifests: every generated case ends in a clear error or in files whose
parsed structure is exactly what the plan intended (see tests/fuzz_support.py).

The unit run tries a fast sample; `pytest -m fuzz` runs them alone; CI runs thousands of cases, set by
GENFILE_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz_support import FUZZ, outcome

pytestmark = pytest.mark.fuzz

PIECES = [*"ab.:-_/ \\\"'$()`;&|#\n\r\t\x00é☃=[]{}", "RUN ", "\nCMD x", "${PORT}", ">=3.11", "app:app"]
HOSTILE = (
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join) | st.text(max_size=30) | st.just("x" * 5000)
)


def toml_str(value: str) -> str:
    return json.dumps(value)  # JSON string escapes are valid TOML basic-string escapes


@FUZZ
@given(name=HOSTILE, script=HOSTILE, target=HOSTILE, readme=HOSTILE, requires=HOSTILE, dep=HOSTILE)
def test_hostile_pyproject(name: str, script: str, target: str, readme: str, requires: str, dep: str) -> None:
    pyproject = (
        "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'setuptools.build_meta'\n"
        f"[project]\nname = {toml_str(name)}\nversion = '1'\nreadme = {toml_str(readme)}\n"
        f"requires-python = {toml_str(requires)}\ndependencies = [{toml_str(dep)}, 'flask']\n"
        f"[project.scripts]\n{toml_str(script)} = {toml_str(target)}\n"
    )
    outcome({"pyproject.toml": pyproject, "app.py": "from flask import Flask\napp = Flask(__name__)\n"})


@FUZZ
@given(line=HOSTILE, web=HOSTILE, version=HOSTILE)
def test_hostile_requirements_procfile_and_version(line: str, web: str, version: str) -> None:
    outcome(
        {
            "requirements.txt": f"flask\n{line}\n",
            "Procfile": f"web: {web}\n",
            ".python-version": version,
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        }
    )


@FUZZ
@given(
    folder=st.text(alphabet=st.sampled_from(list("ab -_.é☃$'\"`;")), min_size=1, max_size=12),
    obj=st.text(alphabet=st.sampled_from(list("ab_1 ")), min_size=1, max_size=8),
)
def test_hostile_paths_and_module_names(folder: str, obj: str) -> None:
    if folder in (".", "..") or folder.startswith("."):
        return
    outcome(
        {
            "requirements.txt": "fastapi\nuvicorn\n",
            f"{folder}/main.py": f"from fastapi import FastAPI\n{obj} = FastAPI()\n",
            f"{folder}/__init__.py": "",
            f"{folder}/README.md": "x",
        }
    )


@pytest.mark.parametrize("content", [b"\xff\xfe\x00binary", b"", b"\n\n", "é" * 10])
def test_broken_manifest_contents(content: bytes | str) -> None:
    for name in ("pyproject.toml", "requirements.txt", "Pipfile", "uv.lock", "setup.cfg"):
        outcome({name: content, "app.py": ""})


# Folder names are inputs too: a newline, a carriage return, a backslash or a quote in the
# name of the folder that holds manage.py (or the app) must never reach the Dockerfile as text.
FOLDER = st.lists(
    st.sampled_from([*"ab_-. é$'\"`;\\]#", "\n", "\r", "\r\n", "\x1b", "\u2028", "USER root", "RUN id"]),
    min_size=1,
    max_size=8,
).map("".join)


@FUZZ
@given(folder=FOLDER, package=st.sampled_from(["proj", "x\nUSER root", "a b"]))
def test_hostile_django_folders(folder: str, package: str) -> None:
    if folder.strip(". ") == "" or "/" in folder:
        return
    outcome(
        {
            "requirements.txt": "django\ngunicorn\n",
            f"{folder}/manage.py": (
                f"import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', '{package}.settings')\n"
            ),
            f"{folder}/{package}/__init__.py": "",
            f"{folder}/{package}/wsgi.py": "application = None\n",
        }
    )


@FUZZ
@given(include=HOSTILE | FOLDER)
def test_hostile_include_paths(include: str) -> None:
    files: dict[str, str | bytes] = {**FLASK_APP, "requirements.txt": f"flask\n-r {include}\n"}
    if include.strip() and not include.startswith("/") and ".." not in include and "\x00" not in include:
        files[include.strip()] = "gunicorn\n"  # the included file exists: only its name is hostile
    outcome(files)


FLASK_APP = {"app.py": "from flask import Flask\napp = Flask(__name__)\n"}
