"""How a Python app starts, on the shapes real projects have: factories, apps their framework
serves, command groups, development runners, Procfile and Makefile lines, render.yaml."""

from __future__ import annotations

from genfile.pipeline import detect, plan_stack
from genfile.plan import PORT, BuildPlan
from genfile.render import render
from tests.conftest import make_project

FASTAPI_FACTORY = (
    "from fastapi import FastAPI\n\n\ndef get_application() -> FastAPI:\n"
    "    application = FastAPI(title='svc')\n    return application\n\n\napp = get_application()\n"
)


def plan_of(tmp_path, files, stack=None) -> BuildPlan:
    return plan_stack(detect(make_project(tmp_path, files)), stack)


def test_module_level_object_returned_by_a_factory(tmp_path) -> None:
    plan = plan_of(
        tmp_path,
        {"requirements.txt": "fastapi\nuvicorn\n", "app/main.py": FASTAPI_FACTORY, "app/__init__.py": ""},
    )
    assert plan.command[:2] == ("uvicorn", "app.main:app")
    assert "returns FastAPI: app/main.py:4" in plan.source("command").note


def test_factory_imported_from_another_module(tmp_path) -> None:
    factory = "from fastapi import FastAPI\n\ndef create_application():\n    return FastAPI()\n"
    plan = plan_of(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\n",
            "svc/__init__.py": "",
            "svc/factory.py": factory,
            "svc/main.py": "from svc.factory import create_application\n\napp = create_application()\n",
        },
    )
    assert plan.command[:2] == ("uvicorn", "svc.main:app")


def test_asgi_factory_without_an_object_runs_with_uvicorn_factory(tmp_path) -> None:
    factory = "from starlette.applications import Starlette\n\ndef create_app():\n    return Starlette()\n"
    plan = plan_of(tmp_path, {"requirements.txt": "starlette\nuvicorn\n", "api/__init__.py": factory})
    assert plan.command[:3] == ("uvicorn", "api:create_app", "--factory")


def test_fasthtml_app_runs_on_uvicorn_and_its_session_key_is_linked_to_tmp(tmp_path) -> None:
    main = (
        "from fasthtml.common import *\nimport sys\n\n"
        'if __name__ == "__main__": sys.exit("Run this app with `uvicorn main:app`")\n\n'
        "app = FastHTML()\n"
    )
    plan = plan_of(tmp_path, {"requirements.txt": "python-fasthtml\nuvicorn\n", "main.py": main})
    assert plan.command[:2] == ("uvicorn", "main:app")
    assert "RUN ln -sf /tmp/.sesskey /app/.sesskey" in render(plan)["Dockerfile"]


def test_a_script_that_says_how_to_run_it(tmp_path) -> None:
    main = 'import sys\nfrom api import app\n\nif __name__ == "__main__":\n    sys.exit("run with uvicorn main:app")\n'
    plan = plan_of(tmp_path, {"requirements.txt": "uvicorn\n", "main.py": main, "api.py": "app = object()\n"})
    assert plan.command[:2] == ("uvicorn", "main:app")


def test_streamlit_gets_its_command_with_host_and_port(tmp_path) -> None:
    plan = plan_of(
        tmp_path,
        {
            "requirements.txt": "streamlit\n",
            "dashboard.py": "import streamlit as st\nst.title('x')\n",
            "util.py": "",
        },
    )
    assert plan.command[:3] == ("streamlit", "run", "dashboard.py")
    assert plan.command[plan.command.index("--server.port") + 1] == PORT
    assert plan.command[plan.command.index("--server.address") + 1] == "0.0.0.0"
    assert plan.port == 8501 and plan.honours_port


def test_gradio_listens_on_all_interfaces_and_port(tmp_path) -> None:
    app = "import gradio as gr\n\ndemo = gr.Interface(fn=len, inputs='text', outputs='text')\ndemo.launch()\n"
    plan = plan_of(tmp_path, {"requirements.txt": "gradio\n", "app.py": app})
    assert plan.command == ("env", f"GRADIO_SERVER_PORT={PORT}", "python", "app.py")
    assert plan.details.runtime_env == (("GRADIO_SERVER_NAME", "0.0.0.0"),)
    assert plan.port == 7860
    assert plan.start_command == ("sh", "-c", 'exec env GRADIO_SERVER_PORT="$PORT" python app.py')


def test_gradio_bound_to_loopback_in_code_is_a_warning_with_its_line(tmp_path) -> None:
    app = "import gradio as gr\n\ndemo = gr.Interface(fn=len, inputs='text', outputs='text')\n\ndemo.launch(server_name='127.0.0.1', server_port=7000)\n"
    detection = detect(make_project(tmp_path, {"requirements.txt": "gradio\n", "app.py": app}))
    assert any(w.startswith("app.py:5: launch(server_name='127.0.0.1')") for w in detection.warnings)
    plan = plan_stack(detection)
    assert plan.port == 7000 and not plan.honours_port


def test_dash_with_its_flask_server_runs_on_gunicorn(tmp_path) -> None:
    app = "from dash import Dash, html\n\napp = Dash(__name__)\nserver = app.server\napp.layout = html.Div('x')\n"
    plan = plan_of(tmp_path, {"requirements.txt": "dash\ngunicorn\n", "app.py": app})
    assert plan.command[-1] == "app:server"


def test_dash_without_a_server_object_runs_its_script_with_host(tmp_path) -> None:
    app = "from dash import Dash\n\napp = Dash(__name__)\n\nif __name__ == '__main__':\n    app.run()\n"
    detection = detect(make_project(tmp_path, {"requirements.txt": "dash\n", "app.py": app}))
    plan = plan_stack(detection)
    assert plan.command == ("python", "app.py") and plan.details.runtime_env == (("HOST", "0.0.0.0"),)
    assert any(
        w.startswith("app.py:6: Dash's run() is Flask's development server") for w in detection.warnings
    )


def test_panel_bokeh_chainlit_solara_commands(tmp_path) -> None:
    cases = {
        "panel": (
            "import panel as pn\npn.panel('x').servable()\n",
            ("panel", "serve", "app.py", "--address", "0.0.0.0"),
        ),
        "bokeh": ("from bokeh.io import curdoc\ncurdoc().add_root(None)\n", ("bokeh", "serve", "app.py")),
        "chainlit": (
            "import chainlit as cl\n\n@cl.on_message\nasync def m(x):\n    pass\n",
            ("chainlit", "run", "app.py"),
        ),
        "solara": (
            "import solara\n\n@solara.component\ndef Page():\n    pass\n",
            ("solara", "run", "app.py"),
        ),
    }
    for name, (code, start) in cases.items():
        plan = plan_of(tmp_path / name, {"requirements.txt": f"{name}\n", "app.py": code})
        assert plan.command[: len(start)] == start, name
        assert PORT in plan.command, name


def test_click_group_runs_its_serving_subcommand(tmp_path) -> None:
    pyproject = (
        "[build-system]\nrequires=['hatchling']\nbuild-backend='hatchling.build'\n"
        "[project]\nname='tool'\nversion='1'\ndependencies=['click','waitress']\n"
        "[project.scripts]\ntool = 'tool.cli:main'\n"
    )
    cli = (
        "import click\n\n@click.group()\ndef main():\n    pass\n\n"
        "@main.command()\n@click.option('--host', default='127.0.0.1')\n@click.option('--port', default=8080)\n"
        "def serve(host, port):\n    from waitress import serve\n    serve(None, host=host, port=port)\n"
    )
    plan = plan_of(tmp_path, {"pyproject.toml": pyproject, "tool/__init__.py": "", "tool/cli.py": cli})
    assert plan.command == ("tool", "serve", "--host", "0.0.0.0", "--port", PORT)
    assert plan.port == 8080 and plan.source("port").note == "--port default 8080"


def test_click_group_without_a_serving_subcommand_is_not_a_start_command(tmp_path) -> None:
    pyproject = (
        "[build-system]\nrequires=['hatchling']\nbuild-backend='hatchling.build'\n"
        "[project]\nname='tool'\nversion='1'\ndependencies=['click']\n[project.scripts]\ntool = 'tool.cli:main'\n"
    )
    cli = (
        "import click\n\n@click.group()\ndef main():\n    pass\n\n@main.command()\ndef report():\n    pass\n"
    )
    detection = detect(
        make_project(tmp_path, {"pyproject.toml": pyproject, "tool/__init__.py": "", "tool/cli.py": cli})
    )
    assert detection.fact("start command") is None


def test_dev_runner_in_main_becomes_uvicorn_on_the_object_it_serves(tmp_path) -> None:
    main = (
        "import uvicorn\n\nif __name__ == '__main__':\n"
        "    uvicorn.run('svc.app:app', host='127.0.0.1', port=8000, reload=True)\n"
    )
    plan = plan_of(
        tmp_path, {"requirements.txt": "uvicorn\n", "svc/__init__.py": "", "svc/__main__.py": main}
    )
    assert plan.command[:4] == ("uvicorn", "svc.app:app", "--host", "0.0.0.0")
    assert any("reload=True is a development runner" in n for n in plan.details.notes_comment)


def test_procfile_python_script_bound_to_loopback_switches_to_uvicorn(tmp_path) -> None:
    main = (
        "import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n"
        "if __name__ == '__main__':\n    uvicorn.run(app, host='127.0.0.1', port=8000)\n"
    )
    plan = plan_of(
        tmp_path,
        {"requirements.txt": "fastapi\nuvicorn\n", "main.py": main, "Procfile": "web: python main.py\n"},
    )
    assert plan.command[:4] == ("uvicorn", "main:app", "--host", "0.0.0.0")


def test_loopback_only_a_code_change_can_fix_is_a_warning_with_its_line(tmp_path) -> None:
    main = (
        "import uvicorn\nfrom fastapi import FastAPI\n\ndef main():\n    app = FastAPI()\n"
        "    uvicorn.run(app, host='127.0.0.1')\n\nif __name__ == '__main__':\n    main()\n"
    )
    detection = detect(
        make_project(
            tmp_path,
            {"requirements.txt": "fastapi\nuvicorn\n", "run.py": main, "Procfile": "web: python run.py\n"},
        )
    )
    assert plan_stack(detection).command == ("python", "run.py")
    assert any(w.startswith("run.py:6: the server listens on 127.0.0.1 only") for w in detection.warnings)


def test_procfile_make_target_is_followed_and_its_dev_server_replaced(tmp_path) -> None:
    makefile = "PORT ?= 5000\n\nrun:\n\tflask --app shop run --debug --port $(PORT)\n"
    shop = "from flask import Flask\n\napplication = Flask(__name__)\n"
    plan = plan_of(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\n",
            "Makefile": makefile,
            "Procfile": "web: make run\n",
            "shop.py": shop,
        },
    )
    assert plan.command == ("gunicorn", "--access-logfile", "-", "shop:application")
    assert [e.where() for e in detect(tmp_path).fact("start command").evidence] == [
        "Procfile:1",
        "Makefile:3",
    ]
    assert plan.port == 5000  # the port the make target gave flask run, now gunicorn's ENV PORT


def test_procfile_sh_c_release_and_env_are_split_from_the_server(tmp_path) -> None:
    procfile = 'web: sh -c "DJANGO_SETTINGS_MODULE=proj.settings.prod python manage.py migrate --noinput; gunicorn proj.wsgi"\n'
    manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.dev')\n"
    plan = plan_of(
        tmp_path,
        {
            "requirements.txt": "django\ngunicorn\n",
            "Procfile": procfile,
            "manage.py": manage,
            "proj/__init__.py": "",
            "proj/wsgi.py": "",
            "proj/settings/__init__.py": "",
            "proj/settings/prod.py": "SECRET_KEY = 'x'\n",
        },
    )
    assert plan.command == ("gunicorn", "proj.wsgi")
    assert plan.release == ("python", "manage.py", "migrate", "--noinput")
    assert plan.details.runtime_env == (("DJANGO_SETTINGS_MODULE", "proj.settings.prod"),)
    compose = render(plan.edit(files=("Dockerfile", "compose.yaml")))["compose.yaml"]
    assert 'command: ["python", "manage.py", "migrate", "--noinput"]' in compose and '- "release"' in compose


def test_procfile_uvicorn_without_host_listens_on_all_interfaces(tmp_path) -> None:
    plan = plan_of(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\n",
            "main.py": "",
            "Procfile": "web: uvicorn main:app --reload\n",
        },
    )
    assert plan.command == ("uvicorn", "main:app", "--host", "0.0.0.0", "--port", PORT)


def test_render_yaml_start_command_and_python_version(tmp_path) -> None:
    render_yaml = (
        "services:\n  - type: web\n    name: x\n    startCommand: gunicorn app:app\n"
        "    preDeployCommand: flask db upgrade\n    envVars:\n      - key: PYTHON_VERSION\n        value: 3.11.9\n"
    )
    plan = plan_of(
        tmp_path, {"requirements.txt": "flask\ngunicorn\n", "app.py": "", "render.yaml": render_yaml}
    )
    assert plan.command == ("gunicorn", "app:app") and plan.release == ("flask", "db", "upgrade")
    assert plan.language_version == "3.11" and plan.source("language_version").where() == "render.yaml:8"


def test_a_lone_script_is_a_python_project(tmp_path) -> None:
    detection = detect(make_project(tmp_path, {"bot.py": "import requests\nprint('hi')\n"}))
    assert detection.ecosystem == "python" and detection.fact("start command").value == "python bot.py"
    assert any(
        w.startswith("bot.py:1: imports requests, which no dependency file names") for w in detection.warnings
    )
    plan = plan_stack(detection)
    assert plan.details.install == () and plan.details.source == "none"


def test_a_lone_script_never_outranks_another_project(tmp_path) -> None:
    project = make_project(
        tmp_path,
        {
            "package.json": '{"name": "x", "scripts": {"start": "node server.js"}}',
            "server.js": "",
            "tool.py": "",
        },
    )
    assert detect(project).ecosystem == "node"


def test_app_object_wins_over_a_dev_runner_and_a_bare_group_and_says_why(tmp_path) -> None:
    pyproject = (
        "[project]\nname='pkg'\nversion='1'\ndependencies=['click','fastapi','uvicorn']\n"
        "[project.scripts]\npkg = 'pkg.cli:cli'\nadmin = 'pkg.admin:admin'\n"
    )
    cli = (
        "import click\nimport uvicorn\n\n@click.group()\ndef cli():\n    pass\n\n"
        "@cli.command()\ndef dev():\n    uvicorn.run('pkg.web:app', host='127.0.0.1', reload=True)\n"
    )
    admin = "import click\n\n@click.group()\ndef admin():\n    pass\n\n@admin.command()\ndef initdb():\n    pass\n"
    main = "import uvicorn\n\nif __name__ == '__main__':\n    uvicorn.run('pkg.web:app', reload=True)\n"
    plan = plan_of(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "pkg/__init__.py": "",
            "pkg/cli.py": cli,
            "pkg/admin.py": admin,
            "pkg/__main__.py": main,
            "pkg/web.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    assert plan.command[:4] == ("uvicorn", "pkg.web:app", "--host", "0.0.0.0")
    notes = plan.details.notes_comment
    assert any(
        n.startswith("pkg/admin.py:4: console script admin is a command group with no serving") for n in notes
    )
    assert any(n.startswith("pkg/cli.py:") and "`pkg dev` runs a development server" in n for n in notes)
    assert any(
        n.startswith(
            "pkg/__main__.py:4: `python -m pkg` is a development runner (uvicorn reload=True on 127.0.0.1)"
        )
        for n in notes
    )
    assert all("uvicorn serves the app object pkg.web:app instead" in n for n in notes)
    assert "# - pkg/admin.py:4: console script admin" in render(plan)["Dockerfile"]


def test_settings_module_in_env_example_wins_over_wsgi_repeating_manage_py(tmp_path) -> None:
    default = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.base')\n"
    files = {
        "requirements.txt": "django\ngunicorn\n",
        "manage.py": default,
        "proj/__init__.py": "",
        "proj/wsgi.py": default + "application = None\n",
        "proj/settings/__init__.py": "",
        "proj/settings/base.py": "DEBUG = True\n",
        "proj/settings/prod.py": "from .base import *\nDEBUG = False\n",
        ".env.example": "SECRET_KEY=change-me\nDJANGO_SETTINGS_MODULE=proj.settings.prod\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.details.runtime_env == (("DJANGO_SETTINGS_MODULE", "proj.settings.prod"),)
    assert detect(tmp_path).fact("environment").evidence[0].where() == ".env.example:2"


def test_env_example_naming_a_module_that_does_not_exist_is_not_used(tmp_path) -> None:
    default = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
    files = {
        "requirements.txt": "django\ngunicorn\n",
        "manage.py": default,
        "proj/__init__.py": "",
        "proj/wsgi.py": "application = None\n",
        "proj/settings.py": "DEBUG = True\n",
        ".env.example": "DJANGO_SETTINGS_MODULE=other.settings\n",
    }
    assert plan_of(tmp_path, files).details.runtime_env == (("DJANGO_SETTINGS_MODULE", "proj.settings"),)


def test_given_command_without_the_added_server_does_not_install_it(tmp_path, run_cli) -> None:
    project = make_project(
        tmp_path,
        {"requirements.txt": "flask==3.1.0\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"},
    )
    code, out, err = run_cli(
        "init", str(project), "--cmd", "flask run --host 0.0.0.0", "--stdout", "--yes", "--offline"
    )
    assert code == 0, err
    assert "gunicorn" not in out.split("# ---- .dockerignore")[0].replace("genfile detects gunicorn", "")
    assert "install -r requirements.txt\n" in out
    assert "--cmd runs Flask's development server (flask run)" in out + err  # the warning stays
    assert "genfile installs gunicorn" not in out + err
    code, out, err = run_cli(
        "init", str(project), "--cmd", "gunicorn app:app", "--stdout", "--yes", "--offline"
    )
    assert code == 0, err
    assert "install -r requirements.txt gunicorn==" in out  # the command runs it: still added


def test_fastapi_run_without_the_cli_installed_is_uvicorn_on_the_app_it_finds(tmp_path) -> None:
    files = {
        "requirements.txt": "fastapi==0.115.0\n",
        "Procfile": "web: fastapi run --port $PORT\n",
        "app/__init__.py": "",
        "app/main.py": "from fastapi import FastAPI\n\napi = FastAPI()\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.command == ("uvicorn", "app.main:api", "--host", "0.0.0.0", "--port", PORT)
    assert any(
        "fastapi[standard], which the project does not install" in n for n in plan.details.notes_comment
    )
    assert plan.details.extra_packages == ("uvicorn==0.34.0",)


def test_fastapi_run_with_the_standard_extra_is_kept(tmp_path) -> None:
    files = {
        "requirements.txt": "fastapi[standard]==0.115.0\n",
        "Procfile": "web: fastapi run main.py\n",
        "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.command == ("fastapi", "run", "main.py", "--host", "0.0.0.0", "--port", PORT)
    assert plan.details.extra_packages == ()


def test_litestar_run_gets_uvicorn_when_the_project_lacks_it(tmp_path) -> None:
    app = "from litestar import Litestar\n\napp = Litestar([])\n"
    plain = plan_of(
        tmp_path / "a", {"requirements.txt": "litestar\n", "Procfile": "web: litestar run\n", "app.py": app}
    )
    assert plain.command == ("litestar", "run", "--host", "0.0.0.0", "--port", PORT)
    assert plain.details.extra_packages == ("uvicorn==0.34.0",)
    standard = plan_of(
        tmp_path / "b",
        {"requirements.txt": "litestar[standard]\n", "Procfile": "web: litestar run\n", "app.py": app},
    )
    assert standard.details.extra_packages == ()


def test_nicegui_port_read_from_the_environment_through_a_variable(tmp_path) -> None:
    main = (
        "import os\nfrom nicegui import ui\n\nui.label('hi')\n\n"
        "port = int(os.environ.get('PORT', 8080))\nui.run(host='0.0.0.0', port=port, reload=False)\n"
    )
    plan = plan_of(tmp_path, {"requirements.txt": "nicegui\n", "main.py": main})
    assert plan.command == ("python", "main.py") and plan.port == 8080
    assert plan.honours_port


def test_app_in_a_subfolder_runs_from_the_import_root_its_own_imports_show(tmp_path) -> None:
    main = (
        "from fastapi import FastAPI\n\nfrom app.core import settings\n\napp = FastAPI(title=settings.NAME)\n"
    )
    files = {
        "requirements.txt": "fastapi\nuvicorn\n",
        "backend/app/__init__.py": "",
        "backend/app/main.py": main,
        "backend/app/core.py": "NAME = 'x'\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.command == (
        "uvicorn",
        "app.main:app",
        "--host",
        "0.0.0.0",
        "--port",
        PORT,
        "--app-dir",
        "backend",
    )


def test_a_third_party_import_that_shares_a_folder_name_moves_nothing(tmp_path) -> None:
    main = "from flask import Flask\nfrom flask.json import jsonify\n\napp = Flask(__name__)\n"
    files = {"requirements.txt": "flask\ngunicorn\n", "web/flask/__init__.py": "", "web/flask/app.py": main}
    assert plan_of(tmp_path, files).command[-1] == "web.flask.app:app"


def test_pyproject_fastapi_standard_brings_uvicorn(tmp_path) -> None:
    pyproject = "[project]\nname='svc'\nversion='1'\ndependencies=['fastapi[standard]>=0.115']\n"
    files = {"pyproject.toml": pyproject, "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}
    detection = detect(make_project(tmp_path, files))
    assert not any("uvicorn is not a dependency" in w for w in detection.warnings)
    assert plan_stack(detection).details.extra_packages == ()


def test_procfile_translation_compile_runs_in_the_build_not_at_start(tmp_path) -> None:
    cli = (
        "import os\nimport click\nfrom flask import Blueprint\n\nbp = Blueprint('cli', __name__, cli_group=None)\n\n"
        "@bp.cli.group()\ndef translate():\n    pass\n\n@translate.command()\ndef compile():\n"
        "    if os.system('pybabel compile -d app/translations'):\n        raise RuntimeError('failed')\n"
    )
    files = {
        "requirements.txt": "flask\nflask-babel\nflask-migrate\ngunicorn\n",
        "Procfile": "web: flask db upgrade; flask translate compile; gunicorn blog:app\n",
        "blog.py": "from app import create_app\n\napp = create_app()\n",
        "app/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
        "app/cli.py": cli,
    }
    plan = plan_of(tmp_path, files)
    assert plan.command == ("gunicorn", "blog:app") and plan.release == ("flask", "db", "upgrade")
    (step,) = plan.details.final_steps
    assert step.commands == ("pybabel compile -d app/translations",)
    assert step.comment[0].startswith("Procfile:1: `flask translate compile` (it runs `pybabel compile")
    dockerfile = render(plan)["Dockerfile"]
    assert dockerfile.index("RUN pybabel compile") < dockerfile.index("USER 10001")


def test_main_module_calling_a_click_group_runs_its_serving_subcommand(tmp_path) -> None:
    pyproject = "[project]\nname='tool'\nversion='1'\ndependencies=['click','uvicorn','starlette']\n"
    cli = (
        "import click\nimport uvicorn\n\n@click.group()\ndef cli():\n    pass\n\n"
        "@cli.command()\n@click.option('--port', default=8100)\ndef serve(port):\n"
        "    uvicorn.run('tool.web:make', host='0.0.0.0', port=port, factory=True)\n"
    )
    files = {
        "pyproject.toml": pyproject,
        "tool/__init__.py": "",
        "tool/__main__.py": "from .cli import cli\n\nif __name__ == '__main__':\n    cli()\n",
        "tool/cli.py": cli,
    }
    plan = plan_of(tmp_path, files)
    assert plan.command == ("python", "-m", "tool", "serve", "--port", PORT)
    assert plan.port == 8100 and plan.honours_port
    assert any("`python -m tool` runs a command group" in n for n in plan.details.notes_comment)


def test_main_module_calling_a_group_with_no_serving_subcommand_is_no_start_command(tmp_path) -> None:
    files = {
        "pyproject.toml": "[project]\nname='tool'\nversion='1'\ndependencies=['click']\n",
        "tool/__init__.py": "",
        "tool/__main__.py": "from tool.cli import cli\n\nif __name__ == '__main__':\n    cli()\n",
        "tool/cli.py": "import click\n\n@click.group()\ndef cli():\n    pass\n\n@cli.command()\ndef report():\n    pass\n",
    }
    assert detect(make_project(tmp_path, files)).fact("start command") is None


def test_given_command_on_a_server_the_project_lacks_installs_that_server(tmp_path, run_cli) -> None:
    project = make_project(
        tmp_path,
        {"requirements.txt": "flask==3.1.0\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"},
    )
    code, out, err = run_cli(
        "init", str(project), "--cmd", "uvicorn app:app --interface wsgi", "--stdout", "--yes", "--offline"
    )
    assert code == 0, err
    dockerfile = out.split("# ---- .dockerignore")[0]
    assert "install uvicorn==" in dockerfile and "gunicorn==" not in dockerfile
