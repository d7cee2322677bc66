"""Hostile answers to ``genfile new``.

A value the user gives (``--set``, an answer typed at a prompt, the target folder's name) is
literal text: it is checked before anything is rendered and never rendered as a template, and
the template's own Jinja runs in a sandbox. Every file and folder name the template renders is
checked against the project folder before anything is written. A template ships only its
own files: no ``__pycache__``, no ``*.pyc``.

The property tests (``-m fuzz``) feed hostile values to a bundled template and to a local one
that puts a variable in a folder name; most examples go through :func:`genfile.scaffold.scaffold`
without the container step (a few milliseconds each), a small share through the whole CLI.
``GENFILE_FUZZ_EXAMPLES`` sets how many.
"""

from __future__ import annotations

import compileall
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from genfile import cli, scaffold
from genfile.errors import GenfileError
from tests.fuzz_support import EXAMPLES, FUZZ

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and a cookiecutter configuration of our own."""
    work = tmp_path / "work"
    work.mkdir()
    config = tmp_path / "cookiecutterrc"
    config.write_text(
        f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'replay'}\ndefault_context: {{}}\n"
    )
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))
    monkeypatch.chdir(work)
    return work


def new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


def make_template(root: Path, files: dict[str, str], variables: dict[str, object]) -> Path:
    root.mkdir(parents=True)
    (root / "cookiecutter.json").write_text(json.dumps(variables))
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


MODULE_VARIABLES = {
    "project_name": "Local Thing",
    "project_slug": "{{ cookiecutter.project_name|slugify }}",
    "module": "app",
}
MODULE_FILES = {
    "{{cookiecutter.project_slug}}/README.md": (
        "# {{ cookiecutter.project_name }}\n\nslug {{ cookiecutter.project_slug }}\n"
        "module {{ cookiecutter.module }}\n"
    ),
    "{{cookiecutter.project_slug}}/{{cookiecutter.module}}/value.txt": "{{ cookiecutter.module }}",
    "{{cookiecutter.project_slug}}/{{cookiecutter.module}}/__init__.py": "",
}


def module_template(root: Path, **extra_files: str) -> Path:
    """A local template with a variable (``module``) in a folder name."""
    return make_template(root, {**MODULE_FILES, **extra_files}, MODULE_VARIABLES)


def everything_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("genfile: error: "), err
    return lines[0]


# --- 1. a user's value is literal text, never a template ----------------------------------


def test_a_jinja_payload_in_set_runs_nothing_and_is_kept_as_text(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "PWNED"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    code, _, err = new(
        capsys, "python-flask", "svc", "--no-input", "--no-container", "--set", f"description={payload}"
    )
    assert not marker.exists(), "a --set value was run as a template"
    assert code == 0, err
    readme = (hermetic / "svc" / "README.md").read_text()
    assert f"\n{payload}.\n" in readme


@pytest.mark.parametrize(
    "description",
    ["{{ 7*7 }}", "uses {{ and }} braces", "{% if x %}", "{# a note #}", "{% raw %}x{% endraw %}", "{{"],
)
def test_set_values_keep_their_braces(
    capsys: pytest.CaptureFixture[str], hermetic: Path, description: str
) -> None:
    code, _, err = new(capsys, "python-fastapi", "svc", "--no-input", "--set", f"description={description}")
    assert code == 0, err
    project = hermetic / "svc"
    assert f"\n{description}.\n" in (project / "README.md").read_text()
    assert f'description = "{description}"' in (project / "pyproject.toml").read_text()


def test_the_target_folder_name_is_literal(capsys: pytest.CaptureFixture[str], hermetic: Path) -> None:
    code, _, err = new(capsys, "python-flask", "{{ 7*7 }}x", "--no-input", "--no-container")
    assert code == 0, err
    project = hermetic / "{{ 7*7 }}x"
    assert (project / "README.md").read_text().startswith("# {{ 7*7 }}x\n")
    assert sorted(p.name for p in hermetic.iterdir()) == ["{{ 7*7 }}x"]


@pytest.mark.parametrize("key", ["module", "project_slug"])
def test_a_literal_value_in_a_folder_name(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path, key: str
) -> None:
    """The value names the folder as given, and is not rendered a second time on the way
    (cookiecutter rendered the project folder's own path again for each sub-folder)."""
    template = module_template(tmp_path / "tpl")
    code, _, err = new(
        capsys, str(template), "svc", "--no-input", "--no-container", "--set", f"{key}={{{{ 7*7 }}}}"
    )
    assert code == 0, err
    project = hermetic / "svc"
    module = "{{ 7*7 }}" if key == "module" else "app"
    assert (project / module / "value.txt").read_text() == module
    assert f"{key.replace('project_', '')} {{{{ 7*7 }}}}\n" in (project / "README.md").read_text()
    assert not (project / "49").exists()


def _spawn_new(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "160", "LINES": "50", "PYTHONPATH": str(ROOT)}
    return pexpect.spawn(
        sys.executable,
        ["-m", "genfile", "new", *args],
        cwd=str(cwd),
        env=env,
        dimensions=(50, 160),
        encoding="utf-8",
        timeout=30,
    )


def _prompt(text: str, default: str) -> str:
    style = r"(?:\x1b\[[0-9;]*m)*"
    return re.escape(text) + rf" {style}\({re.escape(default)}\){style}: "


def test_typed_answers_are_literal(hermetic: Path, tmp_path: Path) -> None:
    template = module_template(tmp_path / "tpl")
    child = _spawn_new(str(template), "svc", "--no-container", cwd=hermetic)
    child.expect(_prompt("project_name", "svc"))
    child.sendline("{{ 7*7 }} thing")
    child.expect(_prompt("project_slug", "7-7-thing"))
    child.sendline("{{ 7*7 }}")
    child.expect(_prompt("module", "app"))
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    project = hermetic / "svc"
    readme = (project / "README.md").read_text()
    assert readme.startswith("# {{ 7*7 }} thing\n") and "slug {{ 7*7 }}\n" in readme
    assert (project / "app" / "value.txt").read_text() == "app"


def test_a_templates_own_jinja_runs_in_a_sandbox(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "PWNED"
    variables = {
        **MODULE_VARIABLES,
        "module": f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}app",
    }
    template = make_template(tmp_path / "tpl", MODULE_FILES, variables)
    code, _, err = new(capsys, str(template), "svc", "--no-input", "--no-container")
    assert not marker.exists(), "the template's Jinja reached os.popen"
    assert code == 2 and "unsafe" in one_line(err), err
    assert list(hermetic.iterdir()) == []


# --- 2. every rendered path stays inside the project ---------------------------------------


@pytest.mark.parametrize("value", ["../../../escaped", "../escaped", "a/../../escaped", "..", "app/../.."])
def test_a_value_that_climbs_out_of_the_project_is_refused(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path, value: str
) -> None:
    work = hermetic / "a" / "b"
    work.mkdir(parents=True)
    marker = tmp_path / "hook-ran"
    template = module_template(
        tmp_path / "tpl", **{"hooks/pre_gen_project.py": f"open({str(marker)!r}, 'w').close()\n"}
    )
    before = everything_under(tmp_path)
    code, _, err = new(
        capsys, str(template), str(work / "svc"), "--no-input", "--no-container", "--set", f"module={value}"
    )
    assert code == 2, err
    line = one_line(err)
    assert f"module: {value!r}" in line and "outside the project" in line, line
    assert not marker.exists(), "the paths must be checked before anything is written (the hook ran)"
    assert everything_under(tmp_path) == before


def test_an_absolute_value_is_refused_without_a_traceback(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    template = module_template(tmp_path / "tpl")
    absolute = tmp_path / "abs"
    for value in (str(absolute), f"{absolute}/deeper", "/"):
        code, _, err = new(
            capsys, str(template), "svc", "--no-input", "--no-container", "--set", f"module={value}"
        )
        assert code == 2, err
        assert f"module: {value!r}" in one_line(err)
        assert not absolute.exists()
        assert list(hermetic.iterdir()) == []


def test_a_file_name_cannot_climb_out(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    files = {
        "{{cookiecutter.project_slug}}/README.md": "# {{ cookiecutter.project_name }}\n",
        "{{cookiecutter.project_slug}}/{{cookiecutter.module}}.py": "print('hi')\n",
    }
    template = make_template(tmp_path / "tpl", files, MODULE_VARIABLES)
    code, _, err = new(
        capsys, str(template), "svc", "--no-input", "--no-container", "--set", "module=../../escaped"
    )
    assert code == 2 and "module: '../../escaped'" in one_line(err), err
    assert not (tmp_path / "escaped.py").exists() and list(hermetic.iterdir()) == []


def test_the_project_folder_itself_cannot_climb_out(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    variables = {"project_name": "Thing", "folder": "thing"}
    files = {"{{cookiecutter.folder}}/README.md": "# {{ cookiecutter.project_name }}\n"}
    template = make_template(tmp_path / "tpl", files, variables)
    for value in ("../../escaped", str(tmp_path / "abs"), "a/b"):
        code, _, err = new(capsys, str(template), "--no-input", "--no-container", "--set", f"folder={value}")
        assert code == 2, err
        assert f"folder: {value!r}" in one_line(err)
        assert not (tmp_path / "escaped").exists() and not (tmp_path / "abs").exists()
        assert list(hermetic.iterdir()) == []


def test_a_nested_value_that_stays_inside_is_kept(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    """Templates may spread a value over folders (a Java package, com/example/app)."""
    template = module_template(tmp_path / "tpl")
    code, _, err = new(
        capsys, str(template), "svc", "--no-input", "--no-container", "--set", "module=com/example"
    )
    assert code == 0, err
    assert (hermetic / "svc" / "com" / "example" / "value.txt").read_text() == "com/example"


def test_ordinary_values_make_what_cookiecutter_makes(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    """genfile walks and renders the template itself now: for ordinary values the project is
    byte for byte, mode for mode, what cookiecutter's own generate_files makes (derived and
    choice variables, dictionaries, _copy_without_render, _new_lines, includes from
    ../templates, a name that renders empty, binary files, modes, both hooks)."""
    from cookiecutter.main import cookiecutter

    variables = {
        "project_name": "Rich Thing",
        "project_slug": "{{ cookiecutter.project_name|slugify }}",
        "pkg": "{{ cookiecutter.project_slug.replace('-', '_') }}",
        "use_docs": False,
        "licence": ["MIT", "BSD"],
        "extra": {"a": "{{ cookiecutter.pkg }}", "b": 2},
        "_copy_without_render": ["*.html", "static"],
        "_new_lines": "\r\n",
    }
    slug = "{{cookiecutter.project_slug}}"
    files = {
        "templates/snippet.txt": "snippet for {{ cookiecutter.project_name }}\n",
        "{{cookiecutter.project_slug}}/{{cookiecutter.pkg}}/__init__.py": (
            'NAME = "{{ cookiecutter.project_name }}"\n{% include "snippet.txt" %}'
        ),
        f"{slug}/{{{{cookiecutter.pkg}}}}/{{% if cookiecutter.use_docs %}}docs.md{{% endif %}}": "docs\n",
        f"{slug}/LICENCE": "{{ cookiecutter.licence }} {{ cookiecutter.extra|jsonify }}\n",
        "{{cookiecutter.project_slug}}/page.html": "<p>{{ raw }}</p>\n",
        "{{cookiecutter.project_slug}}/static/x.js": "var a = '{{ nope }}';\n",
        "{{cookiecutter.project_slug}}/run.sh": "#!/bin/sh\necho {{ cookiecutter.pkg }}\n",
        "hooks/pre_gen_project.py": "import os\nopen('pre.txt', 'w').write(str(sorted(os.listdir('.'))))\n",
        "hooks/post_gen_project.py": (
            "open('post.txt', 'w').write('{{ cookiecutter.pkg }} {{ cookiecutter.extra.b }}')\n"
        ),
    }
    template = make_template(tmp_path / "tpl", files, variables)
    (template / "{{cookiecutter.project_slug}}" / "run.sh").chmod(0o755)
    (template / "{{cookiecutter.project_slug}}" / "logo.png").write_bytes(bytes(range(256)) * 4)
    theirs = tmp_path / "theirs"
    settings = {"project_name": "My Rich Thing", "licence": "BSD", "use_docs": "yes"}
    cookiecutter(str(template), no_input=True, output_dir=str(theirs), extra_context=settings)
    code, _, err = new(
        capsys,
        str(template),
        "--no-input",
        "--no-container",
        *(f"--set={k}={v}" for k, v in settings.items()),
    )
    assert code == 0, err
    ours, expected = hermetic / "my-rich-thing", theirs / "my-rich-thing"
    assert everything_under(ours) == everything_under(expected)
    assert (ours / "my_rich_thing" / "docs.md").is_file()
    for rel in everything_under(expected):
        mine, reference = ours / rel, expected / rel
        assert mine.stat().st_mode == reference.stat().st_mode, rel
        if reference.is_file():
            assert mine.read_bytes() == reference.read_bytes(), rel


# --- 3. a template ships only its own files ------------------------------------------------


def compiled(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc")


def test_a_local_template_ships_no_compiled_python(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    template = module_template(
        tmp_path / "tpl", **{"{{cookiecutter.project_slug}}/{{cookiecutter.module}}/main.py": "X = 1\n"}
    )
    assert compileall.compile_dir(str(template), quiet=2)
    (template / "{{cookiecutter.project_slug}}" / "stray.pyc").write_bytes(b"\x00\x01")
    assert compiled(template)
    code, _, err = new(capsys, str(template), "svc", "--no-input", "--no-container")
    assert code == 0, err
    project = hermetic / "svc"
    assert compiled(project) == []
    assert (project / "app" / "main.py").is_file() and (project / "README.md").is_file()


def test_installed_bundled_templates_ship_no_compiled_python(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pip byte-compiles every .py file it installs, the templates' included: an installed
    genfile has __pycache__ folders inside its templates."""
    installed = tmp_path / "templates"
    shutil.copytree(scaffold.TEMPLATES_DIR / "python-flask", installed / "python-flask")
    compileall.compile_dir(str(installed), quiet=2)
    assert compiled(installed)
    monkeypatch.setattr("genfile.scaffold.templates.TEMPLATES_DIR", installed)
    code, _, err = new(capsys, "python-flask", "svc", "--no-input", "--no-container")
    assert code == 0, err
    assert compiled(hermetic / "svc") == []
    assert (hermetic / "svc" / "tests" / "test_app.py").is_file()


def test_the_wheel_and_sdist_leave_compiled_python_out() -> None:
    """The build backend's default exclusions hold today; the project says so itself."""
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    for target in ("wheel", "sdist"):
        excluded = build["targets"][target].get("exclude", [])
        assert "__pycache__" in excluded and "*.pyc" in excluded, (target, excluded)


# --- the property: hostile values for a bundled and a local template ----------------------

MARK = f"genfile-hostile-{uuid.uuid4().hex[:10]}"
RAN = Path(tempfile.gettempdir()) / f"{MARK}-ran"
TOUCH = f"touch {RAN}"
PAYLOADS = [
    f"{{{{ cycler.__init__.__globals__.os.popen('{TOUCH}').read() }}}}",
    f"{{{{ self.__init__.__globals__.__builtins__.__import__('os').system('{TOUCH}') }}}}",
    f"{{{{ lipsum.__globals__['os'].popen('{TOUCH}').read() }}}}",
    f"{{{{ joiner.__init__.__globals__.os.system('{TOUCH}') }}}}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'Popen' %}"
    f"{{{{ c(['touch', '{RAN}']) }}}}{{% endif %}}{{% endfor %}}",
    f"{{% set x = namespace.__init__.__globals__ %}}{{{{ x.os.system('{TOUCH}') }}}}",
    "{{ 7*7 }}",
    "{{ 7*'7' }}",
    "{% raw %}{{ x }}{% endraw %}",
    "{% endraw %}{{ 7*7 }}",
    "{# comment #}",
    "{{ cookiecutter.project_name }}",
    "{{ cookiecutter._output_dir }}",
    "{{ cookiecutter }}",
    "{% include '/etc/passwd' %}",
    f"$({TOUCH})",
    f"`{TOUCH}`",
]
PIECES = [
    *["{{", "}}", "{%", "%}", "{#", "#}", "/", "\\", "..", ".", "\n", "\r", "\t", "\x00", " ", "-"],
    *["a", "Z", "0", "é", "☃", "😀", "\u202e", "\ufeff", "\udcff", "'", '"', "$HOME", "~", MARK],
]
CLIMBING = st.builds(
    lambda n, tail: "../" * n + MARK + tail,
    st.integers(min_value=0, max_value=8),
    st.sampled_from(["", "/x", f"/../{MARK}-b", "\\x"]),
)
ABSOLUTE = st.sampled_from(
    [f"/{MARK}", f"{tempfile.gettempdir()}/{MARK}/x", f"//{MARK}", "/", "/etc", f"~/{MARK}", f"{RAN}.d"]
)
LONG = st.sampled_from([60, 100, 101, 200, 201, 255, 256, 1000, 5000]).map(lambda n: "a" * n) | st.text(
    min_size=100, max_size=300
)
HOSTILE = (
    st.sampled_from(PAYLOADS)
    | CLIMBING
    | ABSOLUTE
    | LONG
    | st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
    | st.text(max_size=40)
)
BUNDLED_KEYS = ["project_name", "description", "project_slug", "port"]
LOCAL_KEYS = ["module", "project_name", "project_slug"]


@pytest.fixture(scope="module")
def local_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return module_template(tmp_path_factory.mktemp("hostile") / "tpl")


@pytest.fixture
def sandbox() -> Iterator[Path]:
    """Where each example works: ``<root>/a/b/work``, so a value climbing out has folders to land in."""
    root = Path(tempfile.mkdtemp(prefix=f"{MARK}-root-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _reset(root: Path) -> Path:
    for child in list(root.iterdir()):
        shutil.rmtree(child)
    work = root / "a" / "b" / "work"
    work.mkdir(parents=True)
    (root / "a" / "keep.txt").write_text("keep\n")
    return work


def _no_escape(root: Path, target: Path, before: set[str]) -> None:
    """Nothing outside the target changed, no marker appeared anywhere a value could reach, and
    no command ran."""
    after = {p for p in everything_under(root) if not (root / p).is_relative_to(target)}
    assert after == before, sorted(after ^ before)
    assert not RAN.exists(), "a hostile value ran a command"
    for folder in (*target.parents, Path.home(), Path(tempfile.gettempdir())):  # inside is fine
        for name in (MARK, f"{MARK}-b", f"{RAN.name}.d"):
            assert not (folder / name).exists(), folder / name
    staging = [p for p in target.parent.iterdir() if p.name.startswith(scaffold.STAGING_PREFIX)]
    assert staging == []


def _expect_literal(template: str, key: str, value: str, project: Path) -> None:
    """On success, the value is where the template puts it, byte for byte."""
    readme = (project / "README.md").read_bytes().decode("utf-8")
    if template == "local":
        if key == "module":
            placed = Path(os.path.normpath(project / value)) / "value.txt"
            assert placed.read_bytes().decode("utf-8") == value
            assert f"\nmodule {value}\n" in readme
        elif key == "project_name":
            assert readme.startswith(f"# {value}\n")
        else:
            assert f"\nslug {value}\n" in readme
        return
    expected = {
        "project_name": f"# {value}\n",
        "description": f"\n\n{value}.\n",
        "project_slug": f"docker build -t {value} .",
        "port": f"listens on port {value} unless",
    }[key]
    assert expected in readme, (key, value)


def _one_case(template: str, key: str, value: str, root: Path, local: Path) -> None:
    work = _reset(root)
    target = work / "svc"
    before = {p for p in everything_under(root)}
    spec = str(local) if template == "local" else template
    try:
        result = scaffold.scaffold(
            spec, "svc", settings={key: value}, no_input=True, container=False, cwd=work
        )
    except GenfileError as exc:
        assert "\n" not in exc.line(), exc.line()
        assert not target.exists()
        event(f"{template}: refused")
        result = None
    _no_escape(root, target, before)
    if result is not None:
        event(f"{template}: generated")
        assert result.path == target
        _expect_literal(template, key, value, target)


@pytest.mark.fuzz
@FUZZ
@given(
    case=st.sampled_from([*(("bundled", k) for k in BUNDLED_KEYS), *(("local", k) for k in LOCAL_KEYS)]),
    value=HOSTILE,
)
def test_hostile_values_are_literal_and_stay_inside(
    case: tuple[str, str], value: str, sandbox: Path, local_template: Path
) -> None:
    template, key = case
    _one_case("python-flask" if template == "bundled" else "local", key, value, sandbox, local_template)


@pytest.mark.fuzz
@settings(FUZZ, max_examples=max(4, EXAMPLES // 30))
@given(local=st.booleans(), key_index=st.integers(min_value=0, max_value=2), value=HOSTILE)
def test_hostile_values_through_the_cli(
    local: bool,
    key_index: int,
    value: str,
    sandbox: Path,
    local_template: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The whole command, container files included for the bundled template: exit 0 or 2,
    one line on failure, never a traceback."""
    work = _reset(sandbox)
    target = work / "svc"
    before = everything_under(sandbox)
    key = (LOCAL_KEYS if local else BUNDLED_KEYS)[key_index]
    args = [str(local_template) if local else "python-flask", "svc", "--no-input", "--set", f"{key}={value}"]
    if local:
        args.append("--no-container")
    saved = os.getcwd()
    os.chdir(work)
    try:
        code, _, err = new(capsys, *args)
    finally:
        os.chdir(saved)
    assert code in (0, 2), err
    assert "Traceback" not in err
    event("generated" if code == 0 else "refused")
    if code == 2:
        one_line(err)
        assert not target.exists()
    _no_escape(sandbox, target, before)
    if code == 0:
        _expect_literal("local" if local else "python-flask", key, value, target)
        if not local:
            assert (target / "Dockerfile").is_file()
