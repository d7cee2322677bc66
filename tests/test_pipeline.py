"""Which language a folder is, when it holds several: decided by evidence (how plainly each
project says it starts), not by the order detectors run in."""

from __future__ import annotations

import json
from pathlib import Path

from genfile.detection import Strength
from genfile.detectors import DETECTORS, by_ecosystem
from genfile.pipeline import detect
from genfile.repo import Repo
from tests.conftest import SAMPLES, make_project

TOOLING = json.dumps({"name": "tools", "private": True, "devDependencies": {"prettier": "3.3.3"}})


def test_a_django_app_with_a_package_json_of_lint_tools_is_python() -> None:
    detection = detect(SAMPLES / "python-django-node-tooling")
    assert detection.ecosystem == "python" and detection.strength is Strength.STATED
    assert detection.fact("start command").value == "gunicorn shop.wsgi --log-file -"  # type: ignore[union-attr]
    (warning,) = [w for w in detection.warnings if "also found" in w]
    assert "node" in warning and "Procfile:1" in warning


def test_a_procfile_for_another_language_does_not_make_package_json_runnable(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"package.json": TOOLING, "Procfile": "web: gunicorn app:app\n"})
    node = by_ecosystem("node").detect(Repo(project))
    assert node is not None and node.strength is Strength.MANIFEST


def test_a_stated_start_beats_a_conventional_one(tmp_path: Path) -> None:
    # main.py by convention (Python) against scripts.start (Node): the script says it plainly.
    files = {
        "requirements.txt": "requests==2.32.3\n",
        "main.py": "print('batch job')\n",
        "package.json": json.dumps({"name": "web", "scripts": {"start": "node server.js"}}),
        "server.js": "require('http').createServer().listen(3000)\n",
    }
    assert detect(make_project(tmp_path, files)).ecosystem == "node"


def test_equal_claims_follow_the_registry_and_say_so(tmp_path: Path) -> None:
    files = {
        "requirements.txt": "flask==3.1.0\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "package.json": json.dumps({"name": "web", "scripts": {"start": "node server.js"}}),
        "server.js": "",
    }
    detection = detect(make_project(tmp_path, files))
    assert detection.ecosystem == DETECTORS[0].ecosystem == "python"
    assert any("also found a node project here as strongly" in w for w in detection.warnings)
