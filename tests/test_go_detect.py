"""The Go detector: what it finds in each sample, then one behaviour per test on small projects."""

from __future__ import annotations

import re

import pytest

from genfile.detectors import go
from genfile.detectors.go import versions
from genfile.errors import ChoiceError, ManifestError
from genfile.pipeline import detect, plan_stack
from genfile.plan import BuildPlan
from genfile.render import render
from genfile.repo import Repo
from tests.conftest import SAMPLES, make_project

SERVER = 'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8081", nil)\n}\n'
WORKER = "package main\n\nfunc main() {}\n"
INSTRUCTION = re.compile(r"^(FROM|ARG|ENV|WORKDIR|COPY|RUN|USER|EXPOSE|ENTRYPOINT) ")


def plan_of(tmp_path, files, **kwargs) -> BuildPlan:
    return plan_stack(detect(make_project(tmp_path, files)), **kwargs)


def dockerfile_lines(plan: BuildPlan) -> list[str]:
    """Every line of the rendered Dockerfile: a comment, an instruction, a continuation or blank."""
    lines = render(plan)["Dockerfile"].splitlines()
    for line in lines:
        assert not line or line.startswith(("#", "    ")) or INSTRUCTION.match(line), line
    return lines


# ---- the samples ----------------------------------------------------------------------------

SAMPLE_FACTS = {
    # sample: (module, go line, its evidence, main package, binary, cgo, port, reads PORT)
    "go-stdlib-root": ("example.com/hello", "1.23", "go.mod:3", ".", "hello", False, 9001, False),
    "go-cmd-layout": (
        "github.com/acme/inventory",
        "1.26",
        "go.mod:5",
        "./cmd/inventory",
        "inventory",
        False,
        9002,
        True,
    ),
    "go-templates": ("example.com/webui", "1.26", "go.mod:3", ".", "webui", False, 9003, True),
    "go-cgo": ("example.com/checksum", "1.25", "go.mod:3", ".", "checksum", True, 9004, False),
    "go-vendored": ("example.com/shout", "1.23", "go.mod:3", ".", "shout", False, 9005, True),
    "go-workspace": ("example.com/ws/api", "1.24", "go.work:1", "./api", "api", False, 9006, False),
}


@pytest.mark.parametrize("sample", sorted(SAMPLE_FACTS))
def test_sample_facts(sample: str) -> None:
    module, version, where, main, binary, cgo, port, reads_env = SAMPLE_FACTS[sample]
    detection = detect(SAMPLES / sample)
    plan = plan_stack(detection)
    f: go.GoFindings = detection.details
    assert detection.ecosystem == "go" and detection.stack == "go-distroless" and detection.runnable
    assert f.module.module == module
    assert (plan.language_version, plan.source("language_version").where()) == (version, where)
    assert f.main is not None and (f.main.build_path, f.main.binary) == (main, binary)
    assert plan.start_command == (f"/usr/local/bin/{binary}",)
    assert f.cgo.enabled is cgo and plan.details.cgo is cgo
    assert plan.base_image == f"gcr.io/distroless/{'base' if cgo else 'static'}-debian12:nonroot"
    assert (plan.port, f.port.reads_env) == (port, reads_env)
    assert plan.source("port").file is not None  # every port in the samples comes from the code
    assert (plan.user.name, plan.user.uid, plan.user.gid) == ("nonroot", 65532, 65532)
    assert not plan.details.download  # stdlib only, or vendored: nothing to download here
    text = render(plan)["Dockerfile"]
    assert ("ENV PORT=" in text) is reads_env
    assert "# syntax" not in text and "--link" not in text and "<<" not in text
    assert f"-o /out/{binary} {main}" in text


def test_cmd_layout_picks_the_command_named_like_the_module() -> None:
    detection = detect(SAMPLES / "go-cmd-layout")
    f: go.GoFindings = detection.details
    assert [c.build_path for c in f.main_candidates] == ["./cmd/inventory", "./cmd/migrate"]
    assert "the only command that serves (cmd/inventory/main.go:29" in f.main_reason
    assert detection.fact("main package candidates").value == ("./cmd/inventory", "./cmd/migrate")  # type: ignore[union-attr]
    assert f.version_var == "main.version"
    assert (
        '-ldflags="-s -w${VERSION:+ -X main.version=$VERSION}"' in render(plan_stack(detection))["Dockerfile"]
    )
    # go 1.22 is the minimum, the toolchain line wins and both are shown
    notes = [e.note for e in detection.fact("go version").evidence]  # type: ignore[union-attr]
    assert notes == ["toolchain go1.26.2", "go 1.22 is the minimum the code accepts"]


def test_templates_sample_copies_what_it_reads_and_not_what_it_embeds() -> None:
    plan = plan_stack(detect(SAMPLES / "go-templates"))
    f: go.GoFindings = detect(SAMPLES / "go-templates").details
    assert [(r.source, r.evidence.where()) for r in f.runtime_files] == [
        ("static", "main.go:27"),
        ("templates", "main.go:20"),
    ]
    assert [(e.path, e.evidence.where()) for e in f.embeds] == [("migrations", "main.go:16")]
    assert plan.details.runtime_files == (("static/", "/app/static/"), ("templates/", "/app/templates/"))
    files = render(plan)
    assert "WORKDIR /app\nCOPY static/ /app/static/\nCOPY templates/ /app/templates/\n" in files["Dockerfile"]
    assert "migrations" not in files["Dockerfile"]
    ignore = files[".dockerignore"].splitlines()
    assert {"!static", "!templates", "!migrations"} <= set(ignore)
    # secrets are excluded again after the re-included folders
    assert ignore.index("**/*.key", ignore.index("!templates")) > ignore.index("!templates")


def test_cgo_sample_builds_on_bookworm_for_distroless_base() -> None:
    detection = detect(SAMPLES / "go-cgo")
    assert [e.where() for e in detection.details.cgo.evidence] == ["checksum.go:5"]
    text = render(plan_stack(detection))["Dockerfile"]
    assert "FROM golang:1.25-bookworm AS builder" in text
    assert "CGO_ENABLED=1" in text and "--platform" not in text
    assert "FROM gcr.io/distroless/base-debian12:nonroot" in text


def test_vendored_sample_builds_with_mod_vendor_and_keeps_vendor() -> None:
    plan = plan_stack(detect(SAMPLES / "go-vendored"))
    files = render(plan)
    assert plan.details.vendor and not plan.details.download
    assert "go build -v -trimpath -mod=vendor" in files["Dockerfile"]
    assert "go mod download" not in files["Dockerfile"]
    ignore = files[".dockerignore"].splitlines()
    assert "vendor" not in ignore and "!vendor" in ignore and "!go.sum" in ignore


def test_workspace_sample() -> None:
    detection = detect(SAMPLES / "go-workspace")
    assert detection.fact("workspace").value == ("api", "shared")  # type: ignore[union-attr]
    assert [m.file for m in detection.details.modules] == ["api/go.mod", "shared/go.mod"]


# ---- go.mod / go.work -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gomod", "where", "problem"),
    [
        ("module example.com/x\n\ngo 1.x\n", "go.mod:3", "invalid go version"),
        ("module example.com/x\n\nrequire (\n\texample.com/y v1.0.0\n", "go.mod:3", "block is never closed"),
        ("go 1.22\n", "go.mod", "has no module directive"),
        ('module "example.com/x\n', "go.mod:1", "unterminated string"),
        ("module example.com/x;rm -rf /\n", "go.mod:1", "invalid module path"),
        ("module example.com/x\nmodule example.com/y\n", "go.mod:2", "repeated module directive"),
        ("module example.com/x\nrequire example.com/y latest\n", "go.mod:2", "malformed require"),
        ("module example.com/x\ntoolchain 1.22\n", "go.mod:2", "invalid toolchain"),
        ("module example.com/x\nreplace example.com/y => ./y v1.0.0\n", "go.mod:2", "cannot have a version"),
    ],
)
def test_malformed_go_mod_is_one_line_exit_2(run_cli, tmp_path, gomod, where, problem) -> None:
    make_project(tmp_path, {"go.mod": gomod, "main.go": WORKER})
    code, out, err = run_cli("detect", str(tmp_path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"genfile: error: {where}: ") and problem in err
    with pytest.raises(ManifestError):
        detect(tmp_path)


def test_go_mod_syntax_the_go_command_accepts(tmp_path) -> None:
    gomod = (
        '// header comment\nmodule "example.com/quoted" // trailing\n\ngo 1.23.4\n\nrequire (\n'
        "\texample.com/a v1.2.3 // indirect\n\texample.com/b v0.0.0-20240101000000-abcdef123456\n)\n"
        "require ()\nexclude example.com/a v1.0.0\nretract [v1.0.0, v1.0.5] // broken\n"
        "godebug default=go1.21\ntool example.com/a/cmd/gen\nfuturething x\n"
    )
    detection = detect(make_project(tmp_path, {"go.mod": gomod, "main.go": WORKER}))
    f: go.GoFindings = detection.details
    assert f.module.module == "example.com/quoted" and f.module.go == "1.23.4"
    assert [(r.path, r.indirect, r.line) for r in f.module.requires] == [
        ("example.com/a", True, 7),
        ("example.com/b", False, 8),
    ]
    assert any("go.mod:15: unknown directive 'futurething'" in w for w in detection.warnings)
    assert any("has no go.sum" in w for w in detection.warnings)


def test_version_default_and_newer_than_known(tmp_path) -> None:
    plan = plan_of(tmp_path / "a", {"go.mod": "module example.com/a\n", "main.go": WORKER})
    assert plan.language_version == versions.DEFAULT_GO and plan.source("language_version").file is None
    detection = detect(make_project(tmp_path / "b", {"go.mod": "module m\n\ngo 1.99\n", "main.go": WORKER}))
    assert detection.details.version.value == "1.99"
    assert any("newer than the lines genfile knows" in w for w in detection.warnings)


def test_old_go_line_is_kept_with_a_warning(tmp_path) -> None:
    detection = detect(make_project(tmp_path, {"go.mod": "module m\n\ngo 1.21\n", "main.go": WORKER}))
    assert detection.details.version.value == "1.21"
    assert any("no longer gets security fixes" in w and "--go-version" in w for w in detection.warnings)


def test_go_sum_is_copied_only_when_it_exists(tmp_path) -> None:
    gomod = "module example.com/x\n\ngo 1.24\n\nrequire example.com/dep v1.0.0\n"
    main = 'package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n'
    without = plan_of(tmp_path / "a", {"go.mod": gomod, "main.go": main})
    assert (
        "COPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download"
        in render(without)["Dockerfile"]
    )
    with_sum = plan_of(
        tmp_path / "b", {"go.mod": gomod, "go.sum": "example.com/dep v1.0.0 h1:x=\n", "main.go": main}
    )
    text = render(with_sum)["Dockerfile"]
    assert "COPY go.mod go.sum ./" in text
    assert (
        "--mount=type=cache,target=/root/.cache/go-build \\\n    --mount=type=cache,target=/go/pkg/mod"
        in text
    )
    stdlib = render(plan_of(tmp_path / "c", {"go.mod": "module m\n\ngo 1.24\n", "main.go": WORKER}))
    assert "go.sum" not in stdlib["Dockerfile"] and "go mod download" not in stdlib["Dockerfile"]


def test_workspace_copies_every_module_file_before_download(tmp_path) -> None:
    files = {
        "go.work": "go 1.25\n\nuse (\n\t./svc\n\t./lib\n)\n",
        "go.work.sum": "",
        "svc/go.mod": "module example.com/svc\n\ngo 1.24\n\nrequire example.com/dep v1.0.0\n",
        "svc/go.sum": "",
        "svc/cmd/svc/main.go": SERVER,
        "lib/go.mod": "module example.com/lib\n\ngo 1.24\n",
        "lib/lib.go": "package lib\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.language_version == "1.25" and plan.details.package == "./svc/cmd/svc"
    assert (
        "COPY go.work go.work.sum ./\nCOPY svc/go.mod svc/go.sum svc/\nCOPY lib/go.mod lib/\n"
        in render(plan)["Dockerfile"]
    )


def test_workspace_use_outside_the_project_is_reported(tmp_path) -> None:
    files = {
        "go.work": "go 1.24\nuse ./app\nuse ../shared\n",
        "app/go.mod": "module a\n",
        "app/main.go": WORKER,
    }
    detection = detect(make_project(tmp_path, files))
    assert any("go.work:3: use ../shared is outside the project" in w for w in detection.warnings)


def test_local_replace_is_copied_before_download_and_outside_one_reported(tmp_path) -> None:
    gomod = (
        "module example.com/x\n\ngo 1.24\n\nrequire (\n\texample.com/lib v0.0.0\n\texample.com/dep v1.0.0\n"
        "\texample.com/far v0.0.0\n)\n\nreplace example.com/lib => ./lib\nreplace example.com/far => ../far\n"
    )
    files = {"go.mod": gomod, "go.sum": "", "lib/go.mod": "module example.com/lib\n", "main.go": SERVER}
    detection = detect(make_project(tmp_path, files))
    assert any("go.mod:12: replace example.com/far => ../far points outside" in w for w in detection.warnings)
    text = render(plan_stack(detection))["Dockerfile"]
    assert "COPY go.mod go.sum ./\nCOPY lib/go.mod lib/\n" in text


# ---- the main package ---------------------------------------------------------------------


def test_only_http_server_is_chosen_among_commands(tmp_path) -> None:
    files = {
        "go.mod": "module example.com/platform\n",
        "cmd/api/main.go": SERVER,
        "cmd/worker/main.go": WORKER,
    }
    detection = detect(make_project(tmp_path, files))
    f: go.GoFindings = detection.details
    assert f.main is not None and f.main.build_path == "./cmd/api"
    assert "only command that serves (cmd/api/main.go:6" in f.main_reason
    assert not any("several main packages" in w for w in detection.warnings)


def test_ambiguous_commands_pick_the_first_and_warn(tmp_path) -> None:
    files = {"go.mod": "module example.com/platform\n", "cmd/b/main.go": SERVER, "cmd/a/main.go": SERVER}
    detection = detect(make_project(tmp_path, files))
    assert detection.details.main.build_path == "./cmd/a"
    assert any("building ./cmd/a" in w and "./cmd/b" in w for w in detection.warnings)


def test_main_can_be_chosen_for_a_future_flag(tmp_path) -> None:
    files = {
        "go.mod": "module example.com/platform\n",
        "cmd/api/main.go": SERVER,
        "cmd/worker/main.go": WORKER,
    }
    repo = Repo(make_project(tmp_path, files))
    for spec in ("./cmd/worker", "cmd/worker/", "worker"):
        detection = go.detect(repo, main=spec)
        assert detection is not None and detection.details.main.build_path == "./cmd/worker"
        assert detection.details.main_reason == "chosen with --main"
    with pytest.raises(ChoiceError, match="--main 'nope': no package main there: choose one of: ./cmd/api"):
        go.detect(repo, main="nope")


def test_major_version_suffix_and_helper_commands(tmp_path) -> None:
    files = {
        "go.mod": "module example.com/shop/v2\n",
        "cmd/shop/main.go": WORKER,
        "cmd/tool/main.go": WORKER,
        "examples/demo/main.go": SERVER,
    }
    f = detect(make_project(tmp_path, files)).details
    assert f.main.build_path == "./cmd/shop" and [c.dir for c in f.main_candidates] == [
        "cmd/shop",
        "cmd/tool",
    ]


def test_no_main_package_is_not_runnable(run_cli, tmp_path) -> None:
    make_project(tmp_path, {"go.mod": "module example.com/lib\n", "lib.go": "package lib\n"})
    assert not detect(tmp_path).runnable
    code, _, err = run_cli("init", str(tmp_path), "--stdout")
    assert code == 2 and "no start command found" in err


def test_files_go_build_skips_are_ignored(tmp_path) -> None:
    files = {
        "go.mod": "module example.com/x\n",
        "main.go": SERVER,
        "c_windows.go": 'package main\n\nimport "C"\n',
        "gen.go": '//go:build ignore\n\npackage main\n\nimport "C"\n\nfunc main() {}\n',
        "arm.go": "//go:build linux && (arm64 || amd64)\n\npackage main\n\n"
        'import "os"\n\nvar _ = os.Getenv("PORT")\n',
        "main_test.go": 'package main\n\nimport "C"\n',
        "testdata/x/main.go": 'package main\n\nimport "C"\n',
    }
    detection = detect(make_project(tmp_path, files))
    assert detection.details.cgo.enabled is False
    assert detection.details.port.reads_env  # arm.go may build: unknown architecture counts


# ---- cgo ------------------------------------------------------------------------------------


SQLITE_MOD = "module example.com/x\n\ngo 1.24\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n"
SQLITE_DB = (
    'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\nvar _ = sql.Open\n'
)


def test_cgo_only_module_the_binary_imports_needs_glibc(tmp_path) -> None:
    plan = plan_of(tmp_path, {"go.mod": SQLITE_MOD, "go.sum": "", "main.go": SERVER, "db.go": SQLITE_DB})
    assert plan.details.cgo and plan.base_image == "gcr.io/distroless/base-debian12:nonroot"
    assert plan.image_vars == (("flavor", "base"),)
    [why] = detect(tmp_path).details.cgo.evidence
    assert why.where() == "db.go:6" and "go-sqlite3 wraps SQLite's C code" in why.note


def test_cgo_library_that_distroless_lacks_is_reported(tmp_path) -> None:
    cgo = 'package main\n\n// #cgo LDFLAGS: -lsqlite3 -lm\n// #include <sqlite3.h>\nimport "C"\n'
    detection = detect(make_project(tmp_path, {"go.mod": "module m\n", "main.go": SERVER, "db.go": cgo}))
    assert detection.details.cgo.enabled
    assert any(
        "db.go:3: #cgo LDFLAGS: -lsqlite3 -lm links a library that distroless" in w
        for w in detection.warnings
    )


# ---- port -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "port", "reads_env"),
    [
        ('port := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "7070"\n\t}\n', 7070, True),
        ('addr := ":6060"\n\tif p, ok := os.LookupEnv("PORT"); ok {\n\t\taddr = ":" + p\n\t}\n', 6060, True),
        ('_ = os.Getenv("PORT")\n', 8080, True),
        ('_ = http.ListenAndServe("0.0.0.0:5050", nil)\n', 5050, False),
        ('s := &http.Server{Addr: ":4040"}\n\t_ = s\n', 4040, False),
        ('_ = flag.Int("port", 3030, "port")\n', 3030, False),
        # no listener, no sign of serving: no port at all (and no EXPOSE)
        ('const dbPort = "5432"\n\t_ = dbPort\n', None, False),
        ("", None, False),
    ],
)
def test_port_from_the_code(tmp_path, code, port, reads_env) -> None:
    main = f'package main\n\nimport (\n\t"flag"\n\t"net/http"\n\t"os"\n)\n\nfunc main() {{\n\t{code}}}\n'
    plan = plan_of(tmp_path, {"go.mod": "module m\n", "main.go": main})
    assert (plan.port, plan.details.reads_port_env) == (port, reads_env)


def test_port_read_in_an_imported_package(tmp_path) -> None:
    files = {
        "go.mod": "module example.com/x\n",
        "cmd/x/main.go": 'package main\n\nimport "example.com/x/internal/server"\n\n'
        "func main() { server.Run() }\n",
        "internal/server/server.go": 'package server\n\nimport "os"\n\nfunc Run() {\n'
        '\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "7171"\n\t}\n}\n',
        "internal/unused/u.go": 'package unused\n\nimport "C"\n',
    }
    plan = plan_of(tmp_path, files)
    assert (plan.port, plan.source("port").where()) == (7171, "internal/server/server.go:6")
    assert not plan.details.cgo  # the cgo package is not imported by the binary


# ---- files read at run time -----------------------------------------------------------------


def test_runtime_files_nested_embedded_and_secret(tmp_path) -> None:
    main = (
        'package main\n\nimport (\n\t"embed"\n\t"os"\n)\n\n//go:embed assets\nvar assets embed.FS\n\n'
        'func main() {\n\t_, _ = os.ReadFile("web/templates/index.html")\n'
        '\t_, _ = os.ReadFile("config.yaml")\n'
        '\t_, _ = os.ReadFile("assets/logo.png")\n\t_, _ = os.ReadFile("certs/server.key")\n'
        '\t_, _ = os.ReadFile("missing/x")\n\t_ = "/static/"\n}\n'
    )
    files = {
        "go.mod": "module m\n",
        "main.go": main,
        "web/web.go": "package web\n",
        "web/templates/index.html": "<p>",
        "config.yaml": "a: 1\n",
        "assets/logo.png": "png",
        "certs/server.key": "secret",
        "static/x.css": "",
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    assert plan.details.runtime_files == (
        ("config.yaml", "/app/config.yaml"),
        ("web/templates/", "/app/web/templates/"),
    )
    assert any("main.go:15: the code reads" in w and "server.key" in w for w in detection.warnings)
    assert "!assets" in render(plan)[".dockerignore"].splitlines()


# ---- hostile values -------------------------------------------------------------------------


def test_hostile_names_never_reach_the_dockerfile(tmp_path) -> None:
    files = {
        "go.mod": "module example.com/x~y\n",  # a valid path whose last element is no file name
        "main.go": 'package main\n\nimport "os"\n\nfunc main() {\n\t_, _ = os.ReadFile("data\\nRUN id/x")\n'
        '\t_, _ = os.ReadFile("tpl$(id)/x.html")\n}\n',
        "cmd/a b/main.go": WORKER,
        "cmd/evil\nRUN id/main.go": WORKER,
        "data\nRUN id/x": "",
        "tpl$(id)/x.html": "",
    }
    plan = plan_of(tmp_path, files)
    lines = dockerfile_lines(plan)
    assert plan.details.binary == "app" and plan.details.package == "."
    assert [c.dir for c in detect(tmp_path).details.main_candidates] == [""]
    assert not any("RUN id" in line for line in lines)
    assert plan.details.runtime_files == ()


def test_hostile_go_mod_values_are_refused(tmp_path) -> None:
    for gomod in (
        "module example.com/x\ngo 1.22 RUN\n",
        'module "example.com/x\\nRUN id"\n',
        "module example.com/x\ntoolchain go1.22\x0bRUN\n",
        "module `example.com/x RUN`\n",
    ):
        make_project(tmp_path, {"go.mod": gomod, "main.go": WORKER})
        with pytest.raises(ManifestError):
            detect(tmp_path)


def test_go_version_flag_and_port_flag_edit_the_plan(run_cli, tmp_path) -> None:
    make_project(tmp_path, {"go.mod": "module example.com/svc\n\ngo 1.24\n", "main.go": SERVER})
    code, out, _ = run_cli("init", str(tmp_path), "--stdout", "--go-version", "1.27", "--uid", "20001")
    assert code == 0
    assert "FROM --platform=$BUILDPLATFORM golang:1.27 AS builder" in out and "USER 20001:20001" in out
    code, _, err = run_cli("init", str(tmp_path), "--stdout", "--python-version", "3.12")
    assert code == 2 and "--python-version does not apply to a go project" in err


@pytest.mark.parametrize(
    ("code", "var"),
    [
        ('var version = "dev"\n', "main.version"),
        ("var (\n\tcommit string\n\tVersion string\n)\n", "main.Version"),
        ("type info struct {\n\tVersion string\n}\n", None),
        ('const version = "1.0"\n', None),
    ],
)
def test_version_stamp_only_for_a_string_variable(tmp_path, code, var) -> None:
    plan = plan_of(
        tmp_path, {"go.mod": "module m\n", "main.go": f"package main\n\n{code}\nfunc main() {{}}\n"}
    )
    assert plan.details.version_var == var
    assert ("ARG VERSION" in render(plan)["Dockerfile"]) is (var is not None)


def test_port_flag_on_an_app_that_does_not_read_port_says_so(run_cli, tmp_path) -> None:
    make_project(tmp_path, {"go.mod": "module example.com/svc\n", "main.go": SERVER})
    # EXPOSE 9099 for an app that listens on 8081 would never answer: refused, with the reason.
    code, out, err = run_cli("init", str(tmp_path), "--stdout", "--port", "9099")
    assert code == 2 and not out and "port 9099: the app picks its port itself (main.go:" in err


def test_cgo_preamble_in_a_block_comment_with_c_declarations(tmp_path) -> None:
    cgo = (
        'package main\n\n/*\n#include <stdlib.h>\nconst char* greet(void) { return "hi"; }\n'
        'typedef int number;\nfunc_like();\n*/\nimport "C"\n\n'
        "func hello() string { return C.GoString(C.greet()) }\n"
    )
    detection = detect(make_project(tmp_path, {"go.mod": "module m\n", "main.go": SERVER, "c.go": cgo}))
    assert [e.where() for e in detection.details.cgo.evidence] == ["c.go:9"]
