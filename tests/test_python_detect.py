"""The Python detector on small, hand-written projects: one behaviour per test."""

from __future__ import annotations

import pytest

from genfile.detectors.python import versions
from genfile.pipeline import detect, plan_stack
from genfile.plan import BuildPlan
from genfile.render import render
from tests.conftest import make_project

FLASK_APP = "from flask import Flask\n\napp = Flask(__name__)\n"
FASTAPI_APP = "from fastapi import FastAPI\n\napp = FastAPI(title='x')\n"


def plan_of(tmp_path, files, stack=None) -> BuildPlan:
    return plan_stack(detect(make_project(tmp_path, files)), stack)


def test_flask_module_is_read_from_the_file_that_holds_it(tmp_path) -> None:
    plan = plan_of(
        tmp_path, {"requirements.txt": "flask\n", "web/server.py": FLASK_APP, "web/__init__.py": ""}
    )
    assert plan.start_command[-1] == "web.server:app"
    assert plan.details.extra_packages == (versions.SERVER_PINS["gunicorn"],)
    assert plan.port == 8000


def test_flask_factory(tmp_path) -> None:
    app = "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n"
    plan = plan_of(tmp_path, {"requirements.txt": "flask\ngunicorn\n", "myapp/__init__.py": app})
    assert plan.start_command[-1] == "myapp:create_app()"
    assert plan.details.extra_packages == ()


def test_fastapi_in_src_layout_with_port_from_code(tmp_path) -> None:
    main = FASTAPI_APP + "\nif __name__ == '__main__':\n    uvicorn.run(app, host='0.0.0.0', port=8123)\n"
    plan = plan_of(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='svc'\nversion='1'\ndependencies=['fastapi','uvicorn']\n",
            "src/svc/main.py": main,
            "src/svc/__init__.py": "",
        },
    )
    assert plan.command[:5] == ("uvicorn", "svc.main:app", "--host", "0.0.0.0", "--port")
    assert plan.start_command == (
        "sh",
        "-c",
        'exec uvicorn svc.main:app --host 0.0.0.0 --port "$PORT" --app-dir src',
    )
    assert plan.port == 8123
    assert plan.source("port").where() == "src/svc/main.py:6"
    assert plan.details.source == "pyproject"


def test_django_asgi_when_uvicorn_is_the_server(tmp_path) -> None:
    manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
    plan = plan_of(
        tmp_path,
        {
            "requirements.txt": "django\nuvicorn\n",
            "manage.py": manage,
            "proj/__init__.py": "",
            "proj/settings.py": "",
            "proj/wsgi.py": "",
            "proj/asgi.py": "",
        },
    )
    assert plan.command[:2] == ("uvicorn", "proj.asgi:application")
    assert plan.start_command[2].startswith(
        'exec uvicorn proj.asgi:application --host 0.0.0.0 --port "$PORT"'
    )
    assert plan.source("command").where() == "manage.py:2"


def test_django_wsgi_gets_gunicorn_added(tmp_path) -> None:
    manage = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")\n'
    plan = plan_of(
        tmp_path, {"requirements.txt": "Django==5.1\n", "manage.py": manage, "site_cfg/wsgi.py": ""}
    )
    assert plan.start_command[-1] == "site_cfg.wsgi:application"
    assert plan.details.extra_packages == (versions.SERVER_PINS["gunicorn"],)


def test_added_server_joins_the_requirements_install_unless_hashed(tmp_path) -> None:
    """One pip run resolves the server with the app's pins; pip's hash-checking mode (any
    --hash line) refuses an unhashed package beside them, so there it keeps its own step."""
    gunicorn = versions.SERVER_PINS["gunicorn"]
    plain = render(plan_of(tmp_path / "plain", {"requirements.txt": "flask==3.1.3\n", "app.py": FLASK_APP}))
    assert f"install -r requirements.txt {gunicorn}\n" in plain["Dockerfile"]
    assert plain["Dockerfile"].count(" install ") == 1

    hashed_reqs = "flask==3.1.3 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    hashed = render(plan_of(tmp_path / "hashed", {"requirements.txt": hashed_reqs, "app.py": FLASK_APP}))
    assert "install -r requirements.txt\n" in hashed["Dockerfile"]
    assert f"install {gunicorn}\n" in hashed["Dockerfile"]


def test_procfile_wins_and_port_variable_follows_the_plan(tmp_path) -> None:
    plan = plan_of(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\n",
            "app.py": FLASK_APP,
            "Procfile": "release: flask db upgrade\nweb: gunicorn app:app --bind 0.0.0.0:$PORT -w 3\n",
        },
    )
    assert plan.start_command == ("sh", "-c", 'exec gunicorn app:app --bind 0.0.0.0:"$PORT" -w 3')
    assert plan.port == 8000 and plan.edit(port=9000).port == 9000
    assert plan.source("command").where() == "Procfile:2"
    assert plan.release == ("flask", "db", "upgrade") and plan.source("release").where() == "Procfile:1"


def test_procfile_release_step_is_kept_apart_from_the_server(tmp_path) -> None:
    plan = plan_of(
        tmp_path, {"requirements.txt": "flask\n", "Procfile": "web: python migrate.py && python app.py\n"}
    )
    assert plan.start_command == ("python", "app.py")
    assert plan.release == ("python", "migrate.py")


def test_procfile_with_pipes_runs_through_sh(tmp_path) -> None:
    plan = plan_of(tmp_path, {"requirements.txt": "flask\n", "Procfile": "web: python app.py | tee log\n"})
    assert plan.start_command == ("sh", "-c", "python app.py | tee log")


def test_console_script_installs_the_project(tmp_path) -> None:
    pyproject = (
        "[build-system]\nrequires=['setuptools']\nbuild-backend='setuptools.build_meta'\n"
        "[project]\nname='tool'\nversion='1'\nrequires-python='>=3.10,<3.13'\n"
        "[project.scripts]\ntool = 'tool.cli:main'\n"
    )
    cli = "import os\n\ndef main():\n    port = int(os.environ.get('PORT', '7070'))\n"
    plan = plan_of(tmp_path, {"pyproject.toml": pyproject, "tool/__init__.py": "", "tool/cli.py": cli})
    assert plan.start_command == ("tool",)
    assert plan.details.install_project and not plan.details.copy_source
    assert (plan.language_version, plan.port) == ("3.12", 7070)


def test_main_module_and_script_file_fallbacks(tmp_path) -> None:
    assert plan_of(tmp_path / "a", {"setup.py": "", "pkg/__main__.py": ""}).start_command == (
        "python",
        "-m",
        "pkg",
    )
    assert plan_of(tmp_path / "b", {"requirements.txt": "requests\n", "main.py": ""}).start_command == (
        "python",
        "main.py",
    )


@pytest.mark.parametrize(
    ("files", "manager", "source", "manifests"),
    [
        (
            {"pyproject.toml": "[project]\nname='a'\nversion='1'\n", "uv.lock": "version = 1\n"},
            "uv",
            "uv",
            ("pyproject.toml", "uv.lock"),
        ),
        (
            {"pyproject.toml": "[tool.poetry]\nname='a'\n", "poetry.lock": ""},
            "poetry",
            "poetry",
            ("pyproject.toml", "poetry.lock"),
        ),
        (
            {"pyproject.toml": "[project]\nname='a'\nversion='1'\n", "pdm.lock": ""},
            "pdm",
            "pdm",
            ("pyproject.toml", "pdm.lock"),
        ),
        (
            {"Pipfile": "[packages]\nflask='*'\n", "Pipfile.lock": '{"default": {}}'},
            "pipenv",
            "pipenv",
            ("Pipfile", "Pipfile.lock"),
        ),
        ({"setup.py": "from setuptools import setup\nsetup()\n"}, "pip", "setuptools", ("setup.py",)),
    ],
)
def test_lockfile_decides_the_tool(tmp_path, files, manager, source, manifests) -> None:
    plan = plan_of(tmp_path, {**files, "main.py": ""})
    exported = plan.details.export.manifests if plan.details.export else plan.details.manifests
    assert (plan.package_manager, plan.details.source, exported) == (manager, source, manifests)


def test_pipfile_without_lock_is_an_error(tmp_path) -> None:
    from genfile.errors import ManifestError

    with pytest.raises(ManifestError, match="Pipfile: has no Pipfile.lock"):
        plan_of(tmp_path, {"Pipfile": "[packages]\nflask='*'\n", "app.py": FLASK_APP})


def test_native_dependencies_per_os(tmp_path) -> None:
    files = {"requirements.txt": "psycopg2==2.9.9\nmysqlclient\nflask\n", "app.py": FLASK_APP}
    slim = plan_of(tmp_path, files)
    assert slim.details.needs_compiler
    assert slim.details.debian_runtime_packages == ("libmariadb3", "libpq5")
    alpine = plan_of(tmp_path, files, "python-alpine")
    assert alpine.details.alpine_build_packages == ("mariadb-dev", "pkgconf", "postgresql-dev")
    assert alpine.details.alpine_runtime_packages == ("libpq", "mariadb-connector-c")


def test_psycopg_binary_needs_no_system_library(tmp_path) -> None:
    plan = plan_of(tmp_path, {"requirements.txt": "psycopg[binary]\npsycopg-binary\n", "main.py": ""})
    assert plan.details.natives == () and not plan.details.needs_compiler


def test_alpine_warns_about_musl_wheels(tmp_path) -> None:
    files = {"requirements.txt": "pandas\nnumpy\n", "main.py": ""}
    assert "pandas" in detect(make_project(tmp_path, files)).stack_reason
    notes = plan_of(tmp_path, files, "python-alpine").notes
    assert any("numpy, pandas may lack musl wheels" in n and "python-slim" in n for n in notes)


def test_readme_referenced_by_pyproject_is_kept_in_the_context(tmp_path) -> None:
    pyproject = "[project]\nname='a'\nversion='1'\nreadme='README.md'\n"
    plan = plan_of(tmp_path, {"pyproject.toml": pyproject, "README.md": "# a", "main.py": ""})
    assert plan.details.keep == ("pyproject.toml", "README.md")


def test_hostile_readme_and_script_names_are_ignored(tmp_path) -> None:
    pyproject = (
        "[project]\nname='a'\nversion='1'\nreadme='README.md\\nRUN evil'\n"
        "[project.scripts]\n'x\\nRUN evil' = 'a:main'\n"
    )
    plan = plan_of(tmp_path, {"pyproject.toml": pyproject, "main.py": ""})
    assert plan.details.keep == ("pyproject.toml",)
    assert plan.start_command == ("python", "main.py")


def test_no_start_command_is_reported(tmp_path) -> None:
    detection = detect(make_project(tmp_path, {"requirements.txt": "requests\n"}))
    assert not detection.runnable
    assert any("--cmd" in w for w in detection.warnings)


def test_project_names_never_carry_control_characters(tmp_path) -> None:
    # found by the fuzz tests: a name with a newline or ESC reached Dockerfile comments
    pyproject = "[project]\nname = \"x\\nRUN id\"\nversion = '1'\n"
    plan = plan_of(tmp_path / "svc", {"pyproject.toml": pyproject, "main.py": ""})
    assert plan.project_name == "svc"
    folder = tmp_path / "bad\x1bname"
    plan = plan_of(folder, {"requirements.txt": "flask\n", "main.py": ""})
    assert plan.project_name == "bad name" and "\x1b" not in render(plan)["Dockerfile"]
