"""What a Python image needs besides its dependencies: build-time steps (collectstatic), folders
the app writes, system packages, git, groups that hold the server, workspaces and old locks."""

from __future__ import annotations

from genfile.detectors.python import native
from genfile.pipeline import detect, plan_stack
from genfile.plan import BuildPlan
from genfile.render import render
from tests.conftest import make_project

MANAGE = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', '{module}')\n"


def plan_of(tmp_path, files, stack=None) -> BuildPlan:
    return plan_stack(detect(make_project(tmp_path, files)), stack)


def django_project(
    settings: str, module: str = "site_.settings", extra: dict[str, str] | None = None
) -> dict[str, str]:
    path = module.replace(".", "/") + ".py"
    return {
        "requirements.txt": "django\ngunicorn\nwhitenoise\n",
        "manage.py": MANAGE.format(module=module),
        "site_/__init__.py": "",
        "site_/wsgi.py": "application = None\n",
        path: settings,
        **(extra or {}),
    }


def test_collectstatic_runs_at_build_with_throw_away_values_for_what_settings_require(tmp_path) -> None:
    settings = (
        "import os\nimport environ\nenv = environ.Env()\nBASE_DIR = None\n"
        "SECRET_KEY = env('SECRET_KEY')\nDATABASES = {'default': env.db()}\n"
        "API_TOKEN = os.environ['API_TOKEN']\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n"
        "STORAGES = {'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedManifestStaticFilesStorage'}}\n"
    )
    plan = plan_of(tmp_path, django_project(settings))
    (step,) = plan.details.final_steps
    command = step.commands[0]
    assert command.endswith("python manage.py collectstatic --noinput")
    assert "API_TOKEN=build-only" in command and "SECRET_KEY=collectstatic-build-only" in command
    assert "DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3" in command
    dockerfile = render(plan)["Dockerfile"]
    env_lines = [line for line in dockerfile.splitlines() if line.startswith(("ENV", "    "))]
    assert not any("SECRET_KEY" in line for line in env_lines)  # never the image's environment
    assert any("manifest storage" in line for line in step.comment)


def test_no_static_root_no_collectstatic(tmp_path) -> None:
    plan = plan_of(tmp_path, django_project("SECRET_KEY = 'x'\n"))
    assert plan.details.final_steps == ()


def test_settings_module_in_wsgi_py_wins_over_manage_py(tmp_path) -> None:
    files = django_project(
        "from .base import *\n", module="site_.settings.dev",
        extra={
            "site_/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings.prod')\n",
            "site_/settings/__init__.py": "",
            "site_/settings/base.py": "MEDIA_ROOT = BASE_DIR / 'media'\nSTATIC_ROOT = BASE_DIR / 'static'\n",
            "site_/settings/prod.py": "from .base import *\nDEBUG = False\n",
        },
    )  # fmt: skip
    plan = plan_of(tmp_path, files)
    assert plan.details.runtime_env == (("DJANGO_SETTINGS_MODULE", "site_.settings.prod"),)
    assert plan.writable == ("/app/media",)
    assert plan.details.final_steps  # STATIC_ROOT came through the star import


def test_sqlite_in_the_code_folder_is_a_warning(tmp_path) -> None:
    settings = "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3',\n    'NAME': BASE_DIR / 'db.sqlite3',\n}}\n"
    detection = detect(make_project(tmp_path, django_project(settings)))
    assert any(
        "site_/settings.py:2: the SQLite database sits in the code folder" in w for w in detection.warnings
    )


def test_flask_instance_folder_and_sqlite_uri(tmp_path) -> None:
    app = (
        "import os\nfrom flask import Flask\n\ndef create_app():\n"
        "    app = Flask(__name__, instance_relative_config=True)\n"
        "    app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///app.db'\n"
        "    os.makedirs(app.instance_path, exist_ok=True)\n    return app\n"
    )
    plan = plan_of(
        tmp_path, {"requirements.txt": "flask\nflask-sqlalchemy\ngunicorn\n", "web/__init__.py": app}
    )
    assert plan.writable == ("/app/instance",)
    assert "RUN mkdir -p /app/instance" in render(plan)["Dockerfile"]


def test_folders_the_code_creates_or_writes_into(tmp_path) -> None:
    app = (
        "import os, sqlite3\nfrom pathlib import Path\nfrom flask import Flask\n\napp = Flask(__name__)\n"
        "UPLOAD_FOLDER = 'uploads'\nos.makedirs('data/cache', exist_ok=True)\n"
        "conn = sqlite3.connect('var/app.db')\nDB = 'sqlite:////srv/db/app.sqlite3'\n"
        "open('/tmp/x.log', 'w')\n"
    )
    plan = plan_of(tmp_path, {"requirements.txt": "flask\ngunicorn\n", "app.py": app})
    assert plan.writable == ("/app/data/cache", "/app/uploads", "/app/var", "/srv/db")


def test_gunicorn_chdir_moves_the_working_folder(tmp_path) -> None:
    app = "import os\nfrom flask import Flask\napp = Flask(__name__)\nos.makedirs('uploads', exist_ok=True)\n"
    plan = plan_of(
        tmp_path, {"requirements.txt": "flask\ngunicorn\n", "src/web.py": app, "src/__init__.py": ""}
    )
    assert plan.command[-3:] == ("--chdir", "src", "web:app")
    assert plan.writable == ("/app/src/uploads",)


def test_system_packages_are_table_rows_with_a_source(tmp_path) -> None:
    assert all(row.source.startswith("https://") for row in native.TABLE)
    plan = plan_of(
        tmp_path,
        {"requirements.txt": "pycairo==1.27.0\npdf2image==1.17.0\npydub==0.25.1\n", "main.py": "print(1)\n"},
    )
    assert plan.details.debian_runtime_packages == ("ffmpeg", "libcairo2", "poppler-utils")
    assert plan.details.build_packages == ("libcairo2-dev",)  # pkg-config is in python:X already
    assert plan.details.needs_compiler
    detection = detect(tmp_path)
    fact = detection.fact("system packages")
    assert fact is not None and any("pydub#dependencies" in e.note for e in fact.evidence)


def test_a_program_row_applies_only_to_a_direct_dependency() -> None:
    assert native.native_deps({"gradio", "pydub"}, direct={"gradio"}) == ()
    assert [d.package for d in native.native_deps({"pydub"}, direct={"pydub"})] == ["pydub"]


def test_git_dependencies_get_git_in_the_build_stage_only(tmp_path) -> None:
    reqs = "flask==3.1.0\nlib @ git+https://example.com/org/lib.git\n-e git+https://example.com/org/other.git#egg=other\n"
    plan = plan_of(
        tmp_path, {"requirements.txt": reqs, "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    )
    assert plan.details.build_packages == ("git",)
    dockerfile = render(plan)["Dockerfile"]
    builder, final = dockerfile.split("# Final stage")
    assert "apt-get install -y --no-install-recommends git" in builder and " git" not in final.split("CMD")[0]
    assert [e.note for e in detect(tmp_path).details.git][1].startswith("-e git+")


def test_server_in_a_prod_group_is_installed_with_that_group(tmp_path) -> None:
    pyproject = (
        "[project]\nname='q'\nversion='1'\ndependencies=['flask']\n"
        "[dependency-groups]\ndev=['gunicorn', 'pytest']\nprod=['gunicorn']\n"
    )
    plan = plan_of(
        tmp_path, {"pyproject.toml": pyproject, "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    )
    assert plan.details.extra_packages == ()
    assert plan.details.install[0].commands[0].endswith("-r pyproject.toml --group prod")


def test_server_in_a_poetry_group_is_exported_with_it(tmp_path) -> None:
    pyproject = (
        "[tool.poetry]\nname='q'\nversion='1'\n[tool.poetry.dependencies]\npython='^3.11'\nflask='*'\n"
        "[tool.poetry.group.deploy.dependencies]\ngunicorn='*'\n"
    )
    plan = plan_of(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "poetry.lock": "",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    assert plan.details.export is not None
    assert plan.details.export.export.commands[0].startswith("poetry export --only main,deploy ")
    assert plan.details.extra_packages == ()


def test_server_in_an_extra_is_installed_with_it_by_uv(tmp_path) -> None:
    pyproject = (
        "[project]\nname='q'\nversion='1'\ndependencies=['fastapi']\n"
        "[project.optional-dependencies]\nserver=['uvicorn']\n"
    )
    lock = 'version = 1\n[[package]]\nname = "q"\nversion = "1"\nsource = { virtual = "." }\n'
    plan = plan_of(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "uv.lock": lock,
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    assert (
        plan.details.install[0].commands[0] == "uv sync --locked --no-dev --extra server --no-install-project"
    )


def test_uv_workspace_copies_member_manifests_and_installs_members_from_source(tmp_path) -> None:
    pyproject = (
        "[project]\nname='ws'\nversion='1'\ndependencies=['lib-a']\n"
        "[tool.uv.workspace]\nmembers=['packages/*']\n[tool.uv.sources]\nlib-a={workspace=true}\n"
    )
    member = "[project]\nname='lib-a'\nversion='1'\n[build-system]\nrequires=['hatchling']\nbuild-backend='hatchling.build'\n"
    lock = 'version = 1\n[[package]]\nname = "ws"\nversion = "1"\nsource = { virtual = "." }\n'
    plan = plan_of(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "uv.lock": lock,
            "packages/lib-a/pyproject.toml": member,
            "main.py": "print(1)\n",
        },
    )
    assert plan.details.manifests == ("pyproject.toml", "uv.lock", "packages/lib-a/pyproject.toml")
    assert plan.details.install[0].commands[0] == "uv sync --locked --no-dev --no-install-workspace"
    assert plan.details.project_install.commands[0] == "uv sync --locked --no-dev --no-editable"
    assert "COPY packages/lib-a/pyproject.toml packages/lib-a/" in render(plan)["Dockerfile"]


def test_old_pdm_lock_is_synced_by_pdm_itself(tmp_path) -> None:
    lock = '[metadata]\ngroups = ["default"]\nstrategy = []\nlock_version = "4.5.0"\n'
    modern = '[metadata]\ngroups = ["default"]\nstrategy = ["inherit_metadata"]\nlock_version = "4.5.0"\n'
    pyproject = "[project]\nname='p'\nversion='1'\ndependencies=[]\n"
    old = plan_of(tmp_path / "old", {"pyproject.toml": pyproject, "pdm.lock": lock, "main.py": "print(1)\n"})
    assert old.details.export is None
    assert old.details.install[0].commands[0] == "pdm sync --prod --no-self --no-editable"
    assert ("VIRTUAL_ENV", "/app/.venv") in old.details.builder_env
    new = plan_of(
        tmp_path / "new", {"pyproject.toml": pyproject, "pdm.lock": modern, "main.py": "print(1)\n"}
    )
    assert new.details.export is not None and new.details.export.image.startswith("python:")


def test_export_tools_run_on_a_current_python_whatever_the_app_runs_on(tmp_path) -> None:
    pipfile = "[packages]\nflask='*'\n[requires]\npython_version='3.11'\n"
    plan = plan_of(tmp_path, {"Pipfile": pipfile, "Pipfile.lock": '{"default": {}}', "main.py": "print(1)\n"})
    dockerfile = render(plan)["Dockerfile"]
    assert plan.language_version == "3.11"
    assert (
        "FROM python:3.14-slim AS export" in dockerfile and "FROM python:3.11-slim AS builder" in dockerfile
    )
    assert "COPY --from=export /tmp/requirements.txt /tmp/requirements.txt" in dockerfile
    assert "pipenv" not in dockerfile.split("AS builder")[1]


def test_procfile_gunicorn_env_names_the_settings_collectstatic_and_the_image_use(tmp_path) -> None:
    files = django_project(
        "from .base import *\n", module="site_.settings.dev",
        extra={
            "Procfile": "web: gunicorn site_.wsgi --env DJANGO_SETTINGS_MODULE=site_.settings.prod\n",
            "site_/settings/__init__.py": "",
            "site_/settings/base.py": "STATIC_ROOT = BASE_DIR / 'static'\n",
            "site_/settings/prod.py": "from .base import *\nDEBUG = False\n",
        },
    )  # fmt: skip
    plan = plan_of(tmp_path, files)
    assert plan.command[0] == "gunicorn" and plan.command[-1] == "DJANGO_SETTINGS_MODULE=site_.settings.prod"
    assert plan.details.runtime_env == (("DJANGO_SETTINGS_MODULE", "site_.settings.prod"),)
    assert plan.details.final_steps[0].commands[0].endswith("python manage.py collectstatic --noinput")


def test_procfile_server_in_a_django_project_still_collects_static(tmp_path) -> None:
    files = django_project(
        "STATIC_ROOT = BASE_DIR / 'static'\n", extra={"Procfile": "web: gunicorn site_.wsgi --log-file -\n"}
    )
    plan = plan_of(tmp_path, files)
    assert plan.details.runtime_env == (("DJANGO_SETTINGS_MODULE", "site_.settings"),)
    assert plan.details.final_steps


def test_git_dependency_in_project_dependencies_gets_git_in_the_build_stage(tmp_path) -> None:
    pyproject = (
        "[project]\nname='x'\nversion='1'\n"
        "dependencies = [\n  'flask',\n  'gunicorn',\n  'mylib @ git+https://example.com/org/mylib.git@v1',\n]\n"
    )
    plan = plan_of(
        tmp_path, {"pyproject.toml": pyproject, "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    )
    assert plan.details.build_packages == ("git",)
    assert [e.where() for e in detect(tmp_path).details.git] == ["pyproject.toml:7"]
