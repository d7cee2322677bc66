"""``genfile new``: listing, scaffolding unattended and at a terminal, the answers reaching every
file they belong in, the container files coming from the same pipeline as ``genfile init``,
the all-or-nothing rules, and each generated Python project's own test suite.

The Python projects' own tests run in a virtual environment made with uv from its cache (a
few seconds each once warm); without uv they skip here, and the engine suite
(``tests/test_new_engine.py``) runs them with a uv it installs itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import dockerfile
import pexpect
import pytest

from genfile import cli, scaffold
from genfile.pipeline import detect

NEW = ("python-fastapi", "python-flask", "python-django", "node-express", "node-typescript", "go-http")
PYTHON = [t for t in NEW if t.startswith("python-")]
BIN = Path(sys.executable).parent
# Where each template's answers land: (manifest, its name field), the file that holds the port
# (Django's start command is genfile's, so its port is a saved answer in genfile.toml).
NAME_FIELD = {
    "python-fastapi": ("pyproject.toml", 'name = "{slug}"'),
    "node-express": ("package.json", '"name": "{slug}"'),
    "node-typescript": ("package.json", '"name": "{slug}"'),
    "go-http": ("go.mod", "module example.com/{slug}"),
}
PORT_IN = {
    "python-fastapi": ("main.py", 'os.environ.get("PORT", "{port}")'),
    "python-flask": ("app.py", 'os.environ.get("PORT", "{port}")'),
    "python-django": ("genfile.toml", "port = {port}"),
    "node-express": ("src/server.js", "Number(process.env.PORT) || {port}"),
    "node-typescript": ("src/server.ts", "Number(process.env.PORT) || {port}"),
    "go-http": ("main.go", 'return "{port}"'),
}
DEFAULT_PORT = {
    "python-fastapi": 8000,
    "python-flask": 8000,
    "python-django": 8000,
    "node-express": 3000,
    "node-typescript": 3000,
    "go-http": 8080,
}

Runner = Callable[..., "tuple[int, str, str]"]


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty folder, with a cookiecutter configuration of our own (a developer's
    ~/.cookiecutterrc could pre-fill answers)."""
    work = tmp_path / "work"
    work.mkdir()
    config = tmp_path / "cookiecutterrc"
    config.write_text(
        f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'replay'}\ndefault_context: {{}}\n"
    )
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def new(capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``genfile new ARGS`` in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = cli.main(["new", *args])
        except SystemExit as exc:  # --help
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def leftovers(folder: Path) -> list[str]:
    """Staging folders genfile failed to clean up."""
    return [p.name for p in folder.iterdir() if p.name.startswith(scaffold.STAGING_PREFIX)]


def final_stage(project: Path) -> list[dockerfile.Command]:
    commands = dockerfile.parse_string((project / "Dockerfile").read_text())
    start = max(i for i, c in enumerate(commands) if c.cmd == "FROM")
    return list(commands[start:])


def expose(project: Path) -> list[str]:
    return [v for c in final_stage(project) if c.cmd == "EXPOSE" for v in c.value]


def make_template(root: Path, files: dict[str, str], variables: dict[str, object] | None = None) -> Path:
    """A local cookiecutter template: cookiecutter.json and a {{cookiecutter.project_slug}} folder."""
    context = variables or {
        "project_name": "Local Thing",
        "project_slug": "{{ cookiecutter.project_name|slugify }}",
        "port": "7031",
    }
    root.mkdir(parents=True)
    (root / "cookiecutter.json").write_text(json.dumps(context))
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


FLASK_TEMPLATE = {
    "{{cookiecutter.project_slug}}/requirements.txt": "flask==3.1.3\ngunicorn==27.0.1\n",
    "{{cookiecutter.project_slug}}/app.py": (
        "import os\n\nfrom flask import Flask\n\n"
        'PORT = int(os.environ.get("PORT", "{{ cookiecutter.port }}"))\n'
        "app = Flask(__name__)\n"
    ),
    "{{cookiecutter.project_slug}}/README.md": "# {{ cookiecutter.project_name }}\n",
}


# --- listing and help ---------------------------------------------------------------------


def test_help(new: Runner) -> None:
    code, out, _ = new("--help")
    assert code == 0
    for flag in ("--no-input", "--set", "--force", "--no-container", "TEMPLATE", "DIR"):
        assert flag in out


def test_lists_every_template_with_one_line_each(new: Runner, hermetic: Path) -> None:
    code, out, _ = new()
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
    shipped = {p.parent.name for p in scaffold.TEMPLATES_DIR.glob("*/cookiecutter.json")}
    assert set(NEW) <= shipped <= set(lines)
    for name in shipped:
        assert len(lines[name].split(maxsplit=1)[1]) > 20, lines[name]  # a real summary
    assert "genfile new TEMPLATE [DIR]" in out
    assert list(hermetic.iterdir()) == []


def test_unknown_template_lists_the_ones_there_are(new: Runner, hermetic: Path) -> None:
    code, out, err = new("pythn-flask", "--no-input")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "unknown template 'pythn-flask'" in err and "did you mean python-flask?" in err
    for name in NEW:
        assert name in err
    assert list(hermetic.iterdir()) == []


def test_a_missing_template_folder_is_one_line(new: Runner, hermetic: Path) -> None:
    code, _, err = new("./no-such-template", "--no-input")
    assert code == 2 and "no such folder" in err and len(err.strip().splitlines()) == 1
    (hermetic / "not-a-template").mkdir()
    code, _, err = new("./not-a-template", "--no-input")
    assert code == 2 and "no cookiecutter.json" in err


# --- every template, unattended ----------------------------------------------------------


@pytest.mark.parametrize("template", NEW)
def test_defaults_make_a_container_ready_project(new: Runner, hermetic: Path, template: str) -> None:
    code, out, err = new(template, "--no-input")
    assert code == 0, err
    project = hermetic / "my-service"
    assert f"created: my-service{os.sep} (from {template})" in out
    assert "next: docker build -t my-service ." in out
    for name in ("Dockerfile", ".dockerignore", "README.md", ".gitignore"):
        assert (project / name).is_file(), name
    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "{{" not in text and "{%" not in text, f"unrendered template text in {path}"
    assert expose(project) == [str(DEFAULT_PORT[template])]
    assert not (project / "genfile.toml").exists()  # detection alone found everything
    assert leftovers(hermetic) == []
    hadolint = BIN / "hadolint" if (BIN / "hadolint").exists() else shutil.which("hadolint")
    if hadolint:
        lint = subprocess.run(
            [str(hadolint), "--no-color", "--failure-threshold", "warning", str(project / "Dockerfile")],
            capture_output=True,
            text=True,
        )
        assert lint.returncode == 0, lint.stdout


@pytest.mark.parametrize("template", NEW)
def test_init_afterwards_finds_nothing_to_change(
    new: Runner, hermetic: Path, template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(template, "svc", "--no-input", "--set", "port=7042")[0] == 0
    before = {p: p.read_bytes() for p in (hermetic / "svc").rglob("*") if p.is_file()}
    assert cli.main(["init", str(hermetic / "svc"), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "unchanged" in out and "created" not in out and "replaced" not in out, out
    assert {p: p.read_bytes() for p in (hermetic / "svc").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("template", NEW)
def test_chosen_name_and_port_reach_every_file(new: Runner, hermetic: Path, template: str) -> None:
    code, out, err = new(template, "--no-input", "--set", "project_name=Billing API", "--set", "port=7042")
    assert code == 0, err
    project = hermetic / "billing-api"
    assert project.is_dir() and not (hermetic / "my-service").exists()
    readme = (project / "README.md").read_text()
    assert readme.startswith("# Billing API\n")
    assert "docker build -t billing-api ." in readme and "-p 7042:7042" in readme
    if template in NAME_FIELD:
        manifest, field = NAME_FIELD[template]
        assert field.format(slug="billing-api") in (project / manifest).read_text()
    file, snippet = PORT_IN[template]
    assert snippet.format(port=7042) in (project / file).read_text()
    assert expose(project) == ["7042"]
    final = final_stage(project)
    env = {k: v for c in final if c.cmd == "ENV" for k, v in zip(c.value[::2], c.value[1::2])}
    assert env.get("PORT") == "7042"
    start = next(c for c in reversed(final) if c.cmd in ("CMD", "ENTRYPOINT"))
    if template.startswith("python-"):
        # The port reaches the server through $PORT (ENV PORT above): never a fixed number.
        assert "7042" not in " ".join(start.value) and (
            start.value[0] == "gunicorn" or "$PORT" in start.value[-1]
        )
    detection = detect(project)
    assert detection.project_name in ("billing-api", "Billing API")
    assert "next: docker run --rm -p 7042:7042" in out


def test_the_lock_files_carry_the_project_name(new: Runner, hermetic: Path) -> None:
    for template in ("python-fastapi", "node-express"):
        assert new(template, template, "--no-input", "--set", "project_name=Billing API")[0] == 0
    uv_lock = (hermetic / "python-fastapi" / "uv.lock").read_text()
    root = re.search(
        r'\[\[package\]\]\nname = "billing-api"\nversion = "0.1.0"\nsource = \{ virtual = "\." \}', uv_lock
    )
    assert root, "the uv.lock root package must be the project"
    npm_lock = json.loads((hermetic / "node-express" / "package-lock.json").read_text())
    assert npm_lock["name"] == npm_lock["packages"][""]["name"] == "billing-api"


def test_dir_names_the_project_and_missing_parents_are_made(new: Runner, hermetic: Path) -> None:
    code, out, err = new("go-http", "services/inventory", "--no-input")
    assert code == 0, err
    project = hermetic / "services" / "inventory"
    assert "module example.com/inventory" in (project / "go.mod").read_text()
    assert (project / "README.md").read_text().startswith("# inventory\n")
    start = next(c for c in final_stage(project) if c.cmd == "ENTRYPOINT")
    assert start.value == ("/usr/local/bin/inventory",)
    assert f"next: cd services{os.sep}inventory" in out
    assert leftovers(hermetic / "services") == []


def test_stack_and_compose_choices_are_kept(new: Runner, hermetic: Path) -> None:
    code, _, err = new("python-flask", "--no-input", "--stack", "python-alpine", "--compose")
    assert code == 0, err
    project = hermetic / "my-service"
    assert final_stage(project)[0].value[0].endswith("-alpine")
    assert (project / "compose.yaml").is_file()
    saved = (project / "genfile.toml").read_text()
    assert 'stack = "python-alpine"' in saved and "compose.yaml" in saved


def test_no_container_writes_no_container_files(new: Runner, hermetic: Path) -> None:
    code, out, _ = new("node-express", "--no-input", "--no-container")
    assert code == 0
    assert not (hermetic / "my-service" / "Dockerfile").exists()
    assert (hermetic / "my-service" / "package.json").is_file()
    assert "next: docker" not in out


# --- answers that cannot be used --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "project_name"], "expected KEY=VALUE"),
        (["--set", "colour=red"], "has no variable 'colour'"),
        (["--set", "prot=9000"], "did you mean port?"),
        (["--set", "port=http"], "'http' is not a port number"),
        (["--set", "port=70000"], "70000 is not a port number"),
        (["--set", "project_slug=Billing_API"], "project_slug: 'Billing_API' cannot be used"),
        (["--set", 'description=say "hi"'], "description:"),
        (["--set", "project_name=!!!"], "project_slug: '' cannot"),
    ],
)
def test_bad_answers_are_one_line_and_write_nothing(
    new: Runner, hermetic: Path, args: list[str], message: str
) -> None:
    code, out, err = new("python-flask", "--no-input", *args)
    assert code == 2, out
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert list(hermetic.iterdir()) == []


def test_no_container_with_stack_is_refused(new: Runner) -> None:
    code, _, err = new("go-http", "--no-input", "--no-container", "--stack", "go-distroless")
    assert code == 2 and "--no-container" in err


# --- the target folder --------------------------------------------------------------------


def test_an_existing_non_empty_folder_needs_force(new: Runner, hermetic: Path) -> None:
    target = hermetic / "svc"
    target.mkdir()
    (target / "README.md").write_text("mine\n")
    (target / "notes.txt").write_text("keep me\n")
    code, out, err = new("python-flask", "svc", "--no-input")
    assert code == 2 and "svc already exists and is not empty" in err and "--force" in err
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "notes.txt"]
    assert leftovers(hermetic) == []

    code, out, err = new("python-flask", "svc", "--no-input", "--force")
    assert code == 0, err
    assert (target / "notes.txt").read_text() == "keep me\n"
    assert (target / "README.md.bak").read_text() == "mine\n"
    assert (target / "README.md").read_text().startswith("# svc\n")
    assert (target / "Dockerfile").is_file() and (target / "app.py").is_file()


def test_the_default_folder_is_checked_too(new: Runner, hermetic: Path) -> None:
    (hermetic / "my-service").mkdir()
    (hermetic / "my-service" / "x").write_text("x")
    code, _, err = new("go-http", "--no-input")
    assert code == 2 and "my-service already exists" in err
    assert sorted(p.name for p in hermetic.iterdir()) == ["my-service"]


def test_an_empty_folder_is_used_in_place(new: Runner, hermetic: Path) -> None:
    target = hermetic / "svc"
    target.mkdir()
    inode = target.stat().st_ino
    code, _, err = new("go-http", "svc", "--no-input")
    assert code == 0, err
    assert target.stat().st_ino == inode  # filled, not replaced: a shell sitting in it stays there
    assert (target / "main.go").is_file()


def test_a_file_in_the_way_is_refused(new: Runner, hermetic: Path) -> None:
    (hermetic / "svc").write_text("a file")
    code, _, err = new("go-http", "svc", "--no-input", "--force")
    assert code == 2 and "not a folder" in err


# --- failures half-way leave nothing ----------------------------------------------------


def test_a_template_failing_half_way_leaves_nothing(new: Runner, hermetic: Path) -> None:
    template = make_template(
        hermetic.parent / "broken",
        {
            "{{cookiecutter.project_slug}}/a_first.txt": "fine\n",
            "{{cookiecutter.project_slug}}/m_middle.txt": "{{ cookiecutter.no_such_variable }}\n",
            "{{cookiecutter.project_slug}}/z_last.txt": "never\n",
        },
    )
    code, out, err = new(str(template), "deep/er/svc", "--no-input")
    assert code == 2, out
    assert len(err.strip().splitlines()) == 1 and "no_such_variable" in err, err
    assert list(hermetic.iterdir()) == []  # not even the parent folders it had to make


def test_a_failing_hook_leaves_nothing(new: Runner, hermetic: Path) -> None:
    template = make_template(
        hermetic.parent / "hooked",
        {**FLASK_TEMPLATE, "hooks/post_gen_project.py": "import sys\nsys.exit(3)\n"},
    )
    code, _, err = new(str(template), "--no-input")
    assert code == 2 and "Hook script failed" in err
    assert list(hermetic.iterdir()) == []


def test_a_project_genfile_cannot_containerize_leaves_nothing(new: Runner, hermetic: Path) -> None:
    template = make_template(
        hermetic.parent / "docs", {"{{cookiecutter.project_slug}}/README.md": "# docs\n"}
    )
    code, _, err = new(str(template), "--no-input")
    assert code == 2 and "container setup:" in err and "--no-container" in err
    assert str(hermetic.parent) not in err.replace(str(template), "")  # no staging path shown
    assert list(hermetic.iterdir()) == []
    code, _, _ = new(str(template), "--no-input", "--no-container")
    assert code == 0 and (hermetic / "local-thing" / "README.md").is_file()


def test_ctrl_c_at_a_prompt_leaves_nothing(hermetic: Path) -> None:
    child = _spawn_new("python-flask", "svc", cwd=hermetic)
    child.expect("Project name")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert list(hermetic.iterdir()) == []


# --- the user's own template --------------------------------------------------------------


def test_a_local_template_gets_the_same_container_setup(new: Runner, hermetic: Path) -> None:
    template = make_template(hermetic.parent / "my-template", FLASK_TEMPLATE)
    code, out, err = new(str(template), "--no-input", "--set", "project_name=Orders")
    assert code == 0, err
    project = hermetic / "orders"
    assert (project / "README.md").read_text() == "# Orders\n"
    assert expose(project) == ["7031"]
    start = next(c for c in final_stage(project) if c.cmd == "CMD")
    assert start.value == ("gunicorn", "--access-logfile", "-", "app:app")  # gunicorn binds $PORT
    assert "created: orders" in out


def test_a_relative_template_path_and_its_own_dockerfile(new: Runner, hermetic: Path) -> None:
    files = {**FLASK_TEMPLATE, "{{cookiecutter.project_slug}}/Dockerfile": "FROM scratch\n"}
    make_template(hermetic / "tpl", files)
    code, out, err = new("./tpl", "--no-input")
    assert code == 0, err
    project = hermetic / "local-thing"
    assert (project / "Dockerfile").read_text() == "FROM scratch\n"
    assert (project / ".dockerignore").is_file()
    assert "kept the template's own Dockerfile" in out


def test_settings_are_checked_against_a_local_template(new: Runner, hermetic: Path) -> None:
    template = make_template(hermetic.parent / "t", FLASK_TEMPLATE)
    code, _, err = new(str(template), "--no-input", "--set", "licence=MIT")
    assert code == 2 and "has no variable 'licence'" in err and "project_name" in err


def test_scaffold_api_reports_what_it_made(hermetic: Path) -> None:
    result = scaffold.scaffold("node-express", "api", no_input=True, settings={"port": "7044"}, cwd=hermetic)
    assert result.path == hermetic / "api"
    assert result.plan is not None and result.plan.port == 7044
    assert {w.path.name for w in result.written} == {"Dockerfile", ".dockerignore"}
    assert all(w.path.parent == result.path for w in result.written)
    assert result.context["project_slug"] == "api"


# --- at a terminal ------------------------------------------------------------------------


def _spawn_new(*args: str, cwd: Path) -> pexpect.spawn:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "160", "LINES": "50", "PYTHONPATH": str(root)}
    return pexpect.spawn(
        sys.executable,
        ["-m", "genfile", "new", *args],
        cwd=str(cwd),
        env=env,
        dimensions=(50, 160),
        encoding="utf-8",
        timeout=90,  # a machine busy with image builds can take a while to start Python
        # A job started in the background (`.ci/run &`) inherits SIGINT ignored, and so would
        # genfile: Ctrl-C must reach it as it does from a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _prompt(text: str, default: str | None = None) -> str:
    """A cookiecutter prompt line, whatever styling (escape sequences) rich gives it."""
    style = r"(?:\x1b\[[0-9;]*m)*"
    pattern = re.escape(text) + (rf" {style}\({re.escape(default)}\)" if default is not None else "")
    return pattern + rf"{style}: "


def test_prompts_at_a_terminal(hermetic: Path) -> None:
    child = _spawn_new("python-flask", cwd=hermetic)
    child.expect(_prompt("Project name", "My Service"))
    child.sendline("Billing API")
    child.expect(_prompt("Slug (folder and image name)", "billing-api"))  # derived from the answer
    child.sendline("")
    child.expect(_prompt("One-line description", "A small Flask service"))
    child.sendline("Bills customers")
    child.expect(_prompt("Port the service listens on", "8000"))
    child.sendline("7043")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    project = hermetic / "billing-api"
    assert (project / "README.md").read_text().startswith("# Billing API\n\nBills customers.\n")
    assert expose(project) == ["7043"]


# --- the generated projects' own tests ------------------------------------------------------


def find_uv() -> str | None:
    beside = BIN / "uv"
    return str(beside) if beside.exists() else shutil.which("uv")


def run_python_project_tests(project: Path, uv: str) -> subprocess.CompletedProcess[str]:
    """The project's own pytest, in a virtual environment of its own built by uv."""
    env = {**os.environ, "UV_PYTHON": sys.executable, "VIRTUAL_ENV": ""}
    env.pop("VIRTUAL_ENV")
    venv_python = project / ".venv" / "bin" / "python"
    if (project / "uv.lock").exists():
        steps = [
            [uv, "sync", "--locked", "--quiet"],
            [str(venv_python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        ]
    else:
        steps = [
            [uv, "venv", "--quiet", "--python", sys.executable, ".venv"],
            [uv, "pip", "install", "--quiet", "--python", str(venv_python), "-r", "requirements-dev.txt"],
            [str(venv_python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        ]
    for step in steps:
        result = subprocess.run(step, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            return result
    return result


@pytest.fixture
def uv() -> Iterator[str]:
    found = find_uv()
    if found is None:
        pytest.skip("uv is not installed (the engine suite runs these with a uv of its own)")
    yield found


@pytest.mark.parametrize("template", PYTHON)
def test_python_projects_pass_their_own_tests(new: Runner, hermetic: Path, template: str, uv: str) -> None:
    code, _, err = new(template, "--no-input", "--set", "project_name=Billing API", "--set", "port=7045")
    assert code == 0, err
    project = hermetic / "billing-api"
    result = run_python_project_tests(project, uv)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "passed" in result.stdout and "warning" not in result.stdout, result.stdout
    ruff = BIN / "ruff"
    if ruff.exists():  # the generated code is lint-clean and formatted as ruff would
        for args in (["check", "--exclude", ".venv", "."], ["format", "--check", "--exclude", ".venv", "."]):
            lint = subprocess.run([str(ruff), *args], cwd=project, capture_output=True, text=True)
            assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.mark.parametrize("name", ["Aardvark", "Zulu Service"])
def test_the_committed_uv_lock_holds_for_any_name(new: Runner, hermetic: Path, name: str, uv: str) -> None:
    """uv.lock is committed in the template with the project name filled in: uv agrees it is
    up to date whether the name sorts before or after every dependency."""
    assert new("python-fastapi", "svc", "--no-input", "--set", f"project_name={name}")[0] == 0
    env = {**os.environ, "UV_PYTHON": sys.executable}
    result = subprocess.run(
        [uv, "lock", "--check"], cwd=hermetic / "svc", env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def test_a_bad_value_at_a_prompt_is_asked_again(hermetic: Path) -> None:
    child = _spawn_new("python-flask", cwd=hermetic)
    child.expect(_prompt("Project name", "My Service"))
    child.sendline("Billing API")
    child.expect(_prompt("Slug (folder and image name)", "billing-api"))
    child.sendline("")
    child.expect(_prompt("One-line description", "A small Flask service"))
    child.sendline("Bills customers")
    child.expect(_prompt("Port the service listens on", "8000"))
    child.sendline("99999")
    child.expect("try again")
    child.expect(_prompt("Port the service listens on", "8000"))
    child.sendline("7044")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert expose(hermetic / "billing-api") == ["7044"]
