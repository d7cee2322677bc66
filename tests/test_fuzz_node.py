"""Hostile package.json files: a clear error or files whose parsed structure is exactly what
the plan intended (see tests/fuzz_support.py). GENFILE_FUZZ_EXAMPLES sets the case count."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from tests.fuzz_support import FUZZ, outcome
from tests.test_fuzz_python import FOLDER, HOSTILE

pytestmark = pytest.mark.fuzz


@FUZZ
@given(name=HOSTILE, start=HOSTILE, build=HOSTILE, main=HOSTILE, engines=HOSTILE, manager=HOSTILE)
def test_hostile_package_json(
    name: str, start: str, build: str, main: str, engines: str, manager: str
) -> None:
    package = {
        "name": name,
        "main": main,
        "scripts": {"start": start, "build": build},
        "engines": {"node": engines},
        "packageManager": manager,
        "dependencies": {"express": "^4.19.2"},
    }
    outcome(
        {
            "package.json": json.dumps(package),
            "package-lock.json": json.dumps({"name": "x", "lockfileVersion": 3, "packages": {}}),
            "server.js": "const app = require('express')();\napp.listen(process.env.PORT || 3000);\n",
        }
    )


@FUZZ
@given(nvmrc=HOSTILE, procfile=HOSTILE, script_name=HOSTILE)
def test_hostile_version_files_and_procfile(nvmrc: str, procfile: str, script_name: str) -> None:
    package = {"name": "svc", "scripts": {script_name: "node x.js", "start": "node server.js"}}
    outcome(
        {
            "package.json": json.dumps(package),
            ".nvmrc": nvmrc,
            "Procfile": f"web: {procfile}\n",
            "server.js": "require('http').createServer().listen(8080);\n",
        }
    )


@FUZZ
@given(folder=FOLDER)
def test_hostile_source_folders(folder: str) -> None:
    """The folder holding the SIGTERM handler and the listen call is named by the repository."""
    if folder.strip(". ") == "" or "/" in folder:
        return
    package = {"name": "svc", "main": "index.js", "dependencies": {"express": "^4.19.2"}}
    outcome(
        {
            "package.json": json.dumps(package),
            "package-lock.json": json.dumps({"name": "svc", "lockfileVersion": 3, "packages": {}}),
            "index.js": f"require('./{json.dumps(folder)[1:-1]}/server')\n",
            f"{folder}/server.js": "process.on('SIGTERM', () => process.exit(0))\n"
            "require('express')().listen(process.env.PORT || 4000)\n",
        }
    )
