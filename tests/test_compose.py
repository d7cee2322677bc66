"""compose.yaml: valid under the Compose specification (checked by a strict spec parser) and
parsing to exactly the service genfile intended, whatever the repository's values."""

from __future__ import annotations

import pytest
import yaml
from compose_spec import PyCompose

from genfile.answers import Answers
from genfile.generate import plan_for
from genfile.pipeline import detect
from genfile.render import render
from tests.conftest import SAMPLES, make_project, sample_stacks

CASES = sample_stacks()
FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n"


@pytest.mark.parametrize(("sample", "stack"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_compose_is_valid_for_every_sample(sample: str, stack: str) -> None:
    project = SAMPLES / sample
    plan = plan_for(detect(project), Answers(stack=stack, files=("compose.yaml",)), project)
    text = render(plan)["compose.yaml"]
    PyCompose.from_yaml(text)  # raises ValueError on anything outside the specification
    service = yaml.safe_load(text)["services"][plan.image_name]
    assert service["build"] == {"context": "."}
    assert service["ports"] == [f"{plan.port}:{plan.port}"]
    assert service["restart"] == "unless-stopped"
    if plan.healthcheck:
        assert service["healthcheck"]["test"] == list(plan.healthcheck)


def test_env_file_is_passed_at_run_time_not_copied(tmp_path) -> None:
    project = make_project(
        tmp_path / "svc",
        {
            "requirements.txt": "flask\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            ".env": "SECRET=1\n",
        },
    )
    plan = plan_for(detect(project), Answers(files=("Dockerfile", ".dockerignore", "compose.yaml")), project)
    files = render(plan)
    assert yaml.safe_load(files["compose.yaml"])["services"]["svc"]["env_file"] == [".env"]
    assert "**/.env\n" in files[".dockerignore"]


def test_output_dir_elsewhere_points_compose_at_the_project(tmp_path) -> None:
    project = make_project(
        tmp_path / "svc",
        {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"},
    )
    plan = plan_for(detect(project), Answers(files=("compose.yaml",)), tmp_path / "deploy")
    service = yaml.safe_load(render(plan)["compose.yaml"])["services"]["svc"]
    assert service["build"] == {"context": "../svc", "dockerfile": "../deploy/Dockerfile"}


def test_service_names_that_yaml_would_retype_stay_strings(tmp_path) -> None:
    # found by the fuzz tests: a project named "0" made the service key the integer 0
    project = make_project(tmp_path / "0", {"requirements.txt": "flask\n", "app.py": FLASK_APP})
    plan = plan_for(detect(project), Answers(files=("compose.yaml",)), project)
    text = render(plan)["compose.yaml"]
    PyCompose.from_yaml(text)
    assert list(yaml.safe_load(text)["services"]) == ["0"]
