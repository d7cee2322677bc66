"""Go: real module builds (issue 19): the download layer, cgo from what the binary really
imports, private modules through a build secret, a module in a sub-folder, a front end the
binary embeds, and a main.go without go.mod."""

from __future__ import annotations

import re

import pytest

from genfile.cli import main
from genfile.pipeline import detect, plan_stack
from genfile.plan import BuildPlan
from genfile.render import render
from tests.conftest import SAMPLES, make_project

MOD = "module example.com/app\n\ngo 1.26\n"
SERVER = 'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8081", nil)\n}\n'


def plan_of(tmp_path, files) -> BuildPlan:
    return plan_stack(detect(make_project(tmp_path, files)))


def importing(path: str) -> str:
    """A server whose main package imports ``path``."""
    return (
        f'package main\n\nimport (\n\t"net/http"\n\n\t_ "{path}"\n)\n\n'
        'func main() { _ = http.ListenAndServe(":1", nil) }\n'
    )


# ---- the samples with dependencies --------------------------------------------------------------

SAMPLES_WITH_MODULES = {
    # sample: (main package, binary, command, cgo, port, reads PORT, download inputs)
    "go-cobra-serve": (".", "linkbox", ("serve",), False, 4000, True, ("go.mod", "go.sum")),
    "go-gin-subfolder": ("./server", "server", (), False, 8080, True, ("server/go.mod", "server/go.sum")),
    "go-echo-workspace": (
        "./services/api",
        "api",
        (),
        False,
        5000,
        True,
        ("go.work", "go.work.sum", "libs/health/go.mod", "services/api/go.mod", "services/api/go.sum"),
    ),
    "go-fiber-sqlite": ("./cmd/api", "api", (), True, 3000, True, ("go.mod", "go.sum")),
}


@pytest.mark.parametrize("sample", sorted(SAMPLES_WITH_MODULES))
def test_sample_with_modules(sample: str) -> None:
    build_path, binary, args, cgo, port, reads_env, inputs = SAMPLES_WITH_MODULES[sample]
    detection = detect(SAMPLES / sample)
    plan = plan_stack(detection)
    f = detection.details
    assert detection.stack == "go-distroless" and detection.runnable and not detection.warnings
    assert f.main.build_path == build_path and plan.details.binary == binary
    assert plan.start_command == (f"/usr/local/bin/{binary}", *args)
    assert plan.details.cgo is cgo
    assert (plan.port, plan.honours_port) == (port, reads_env)
    assert plan.details.download and not plan.details.vendor
    assert tuple(p for sources, _ in plan.details.manifest_copies for p in sources) == inputs
    text = render(plan)["Dockerfile"]
    # modules from go.mod/go.sum alone, before the source, with the module cache mounted
    download = text.index("go mod download")
    assert text.index("\nCOPY . ") > download
    assert "RUN --mount=type=cache,target=/go/pkg/mod" in text[:download]
    build = text[text.index("--mount=type=cache,target=/root/.cache/go-build") :]
    assert "--mount=type=cache,target=/go/pkg/mod" in build and "go build -v " in build
    assert "GOPROXY" not in text and "GOFLAGS" not in text  # never a proxy setting


def test_fiber_sample_reads_its_port_from_config_yml_and_needs_glibc() -> None:
    detection = detect(SAMPLES / "go-fiber-sqlite")
    f = detection.details
    assert [e.where() for e in detection.fact("port").evidence] == [  # type: ignore[union-attr]
        "internal/config/config.go:27",
        "config.yml:2",
    ]
    assert [e.where() for e in f.cgo.evidence] == ["internal/notes/store.go:7"]
    assert f.main_reason.startswith("the only command that serves (cmd/api/main.go:45")
    text = render(plan_stack(detection))["Dockerfile"]
    assert "FROM golang:1.26-bookworm AS builder" in text and "COPY config.yml /app/config.yml" in text


def test_echo_workspace_sets_host_from_its_config_struct() -> None:
    plan = plan_stack(detect(SAMPLES / "go-echo-workspace"))
    assert [(n, v) for n, v, _ in plan.details.env] == [("HOST", "0.0.0.0")]
    text = render(plan)["Dockerfile"]
    assert (
        "# services/api/config.go:7: HOST (default 127.0.0.1) sets the interface.\nENV HOST=0.0.0.0\n" in text
    )


def test_gin_subfolder_builds_the_module_from_the_top_with_its_front_end() -> None:
    detection = detect(SAMPLES / "go-gin-subfolder")
    plan = plan_stack(detection)
    assert detection.fact("module folder").value == "server"  # type: ignore[union-attr]
    text = render(plan)["Dockerfile"]
    assert (
        "FROM node:26-slim AS frontend\nWORKDIR /src/server/web\nCOPY server/web/ ./\nRUN npm run build\n"
        in text
    )
    assert "WORKDIR /src/server\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download" in text
    assert "COPY . /src/\nCOPY --from=frontend /src/server/web/dist /src/server/web/dist\n" in text
    assert plan.details.package == "." and plan.details.build_dir == "/src/server"
    ignore = render(plan)[".dockerignore"].splitlines()
    assert "!server/go.mod" in ignore and "**/node_modules" in ignore


# ---- cgo from what the binary imports -------------------------------------------------------------

SQLITE_USER = 'package store\n\nimport _ "github.com/mattn/go-sqlite3"\n'


def test_go_sqlite3_for_a_tool_keeps_the_server_static(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "no-cache"))
    files = {
        "go.mod": MOD + "\nrequire github.com/mattn/go-sqlite3 v1.14.28\n",
        "go.sum": "",
        "cmd/api/main.go": SERVER,
        "cmd/dbtool/main.go": 'package main\n\nimport _ "example.com/app/internal/store"\n\nfunc main() {}\n',
        "internal/store/store.go": SQLITE_USER,
    }
    detection = detect(make_project(tmp_path / "p", files))
    plan = plan_stack(detection)
    assert not plan.details.cgo and plan.base_image.endswith("static-debian12:nonroot")
    [why] = detection.fact("cgo").evidence  # type: ignore[union-attr]
    assert why.where() == "go.mod:5" and "only internal/store import(s) it" in why.note


@pytest.mark.parametrize(
    ("wrapper", "cgo"),
    [("gorm.io/driver/sqlite", True), ("github.com/glebarez/sqlite", False)],  # the latter is pure Go
)
def test_a_known_wrapper_of_go_sqlite3(tmp_path, monkeypatch, wrapper, cgo) -> None:
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "no-cache"))
    gomod = MOD + f"\nrequire {wrapper} v1.5.0\n"
    main = importing(wrapper)
    plan = plan_of(tmp_path / "p", {"go.mod": gomod, "go.sum": "", "main.go": main})
    assert plan.details.cgo is cgo


def _cached_module(cache, path, version, files) -> None:
    escaped = re.sub(r"[A-Z]", lambda m: "!" + m[0].lower(), path)
    make_project(cache / f"{escaped}@{version}", files)


@pytest.mark.parametrize(("imports_sqlite", "cgo"), [(True, True), (False, False)])
def test_indirect_go_sqlite3_is_traced_through_the_module_cache(
    tmp_path, monkeypatch, imports_sqlite, cgo
) -> None:
    cache = tmp_path / "modcache"
    monkeypatch.setenv("GOMODCACHE", str(cache))
    body = (
        'package db\n\nimport _ "github.com/mattn/go-sqlite3"\n'
        if imports_sqlite
        else 'package db\n\nimport _ "strings"\n'
    )
    _cached_module(
        cache, "github.com/Acme/db", "v1.0.0", {"go.mod": "module github.com/Acme/db\n", "db.go": body}
    )
    gomod = (
        MOD
        + "\nrequire github.com/Acme/db v1.0.0\n\nrequire github.com/mattn/go-sqlite3 v1.14.28 // indirect\n"
    )
    main = importing("github.com/Acme/db")
    detection = detect(make_project(tmp_path / "p", {"go.mod": gomod, "go.sum": "", "main.go": main}))
    assert detection.details.cgo.enabled is cgo
    [why] = detection.fact("cgo").evidence  # type: ignore[union-attr]
    if cgo:
        assert (
            why.where() == "main.go:6"
            and "imports github.com/Acme/db, which leads to github.com/mattn/go-sqlite3" in why.note
        )
    else:
        assert why.where() == "go.mod:7" and "nothing the binary imports reaches it" in why.note


def test_indirect_go_sqlite3_without_sources_keeps_cgo_and_says_why(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "no-cache"))
    gomod = (
        MOD
        + "\nrequire github.com/acme/db v1.0.0\n\nrequire github.com/mattn/go-sqlite3 v1.14.28 // indirect\n"
    )
    main = importing("github.com/acme/db")
    detection = detect(make_project(tmp_path / "p", {"go.mod": gomod, "go.sum": "", "main.go": main}))
    assert detection.details.cgo.enabled
    assert "cannot see which dependency imports it" in detection.fact("cgo").evidence[0].note  # type: ignore[union-attr]


# ---- private modules -------------------------------------------------------------------------------

PRIVATE = {
    "go.mod": MOD + "\nrequire git.acme.internal/platform/auth v1.2.0\n",
    "go.sum": "git.acme.internal/platform/auth v1.2.0 h1:x=\n",
    "main.go": SERVER,
}


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("Makefile", "export GOPRIVATE=git.acme.internal/*\n\nbuild:\n\tgo build .\n", "Makefile:1"),
        (".envrc", "export GOPRIVATE=git.acme.internal/*\n", ".envrc:1"),
        ("README.md", "# app\n\n```sh\ngo env -w GOPRIVATE=git.acme.internal/*\n```\n", "README.md:4"),
        (
            ".github/workflows/ci.yml",
            "env:\n  GOPRIVATE: git.acme.internal/*\n",
            ".github/workflows/ci.yml:2",
        ),
    ],
)
def test_private_modules_come_through_a_build_secret(tmp_path, run_cli, name, text, where) -> None:
    project = make_project(tmp_path, {**PRIVATE, name: text})
    plan = plan_stack(detect(project))
    assert plan.details.goprivate == "git.acme.internal/*" and plan.details.goprivate_source == where
    assert [s.flag for s in plan.secrets] == ["--secret id=netrc,src=$HOME/.netrc"]
    files = render(plan.edit(files=("Dockerfile", ".dockerignore", "compose.yaml")))
    text_ = files["Dockerfile"]
    assert "ARG GOPRIVATE='git.acme.internal/*'" in text_
    assert (
        "RUN --mount=type=cache,target=/go/pkg/mod \\\n"
        "    --mount=type=secret,id=netrc,target=/root/.netrc \\\n    go mod download" in text_
    )
    assert "#   Build: docker build --secret id=netrc,src=$HOME/.netrc -t app ." in text_
    # credentials never as ARG or ENV; the secret stays out of the context
    assert not re.search(r"^(ARG|ENV) .*(NETRC|TOKEN|PASSWORD)", text_, re.M | re.I)
    assert "**/.netrc" in files[".dockerignore"].splitlines()
    assert '      secrets:\n        - "netrc"' in files["compose.yaml"]
    assert 'secrets:\n  "netrc":\n    file: "$HOME/.netrc"' in files["compose.yaml"]
    code, out, err = run_cli("init", str(project), "--yes")
    assert code == 0 and "docker build --secret id=netrc,src=$HOME/.netrc -t app" in out + err


def test_no_private_setting_no_secret(tmp_path) -> None:
    plan = plan_of(tmp_path, PRIVATE)
    assert plan.secrets == () and "GOPRIVATE" not in render(plan)["Dockerfile"]


# ---- shapes that used to be refused -------------------------------------------------------------------


def test_main_go_without_go_mod_builds_in_file_mode(tmp_path) -> None:
    util = 'package main\n\nimport "os"\n\nvar port = os.Getenv("PORT")\n'
    detection = detect(
        make_project(tmp_path, {"main.go": SERVER, "util.go": util, "tool_test.go": "package main\n"})
    )
    plan = plan_stack(detection)
    assert detection.ecosystem == "go" and plan.details.file_mode
    text = render(plan)["Dockerfile"]
    assert "-o /out/app main.go util.go\n" in text or re.search(r"-o /out/\S+ main.go util.go\n", text)
    assert "go mod download" not in text
    [warning] = [w for w in detection.warnings if "file mode" in w]
    assert "add one with `go mod init" in warning


def test_file_mode_with_a_third_party_import_says_it_will_fail(tmp_path) -> None:
    code = SERVER.replace('import "net/http"', 'import (\n\t"net/http"\n\n\t_ "github.com/go-chi/chi/v5"\n)')
    detection = detect(make_project(tmp_path, {"main.go": code}))
    assert any(
        "it imports github.com/go-chi/chi/v5" in w and "the build fails" in w for w in detection.warnings
    )


def test_embedded_front_end_build_output_gets_a_node_stage(tmp_path) -> None:
    files = {
        "go.mod": MOD,
        "main.go": 'package main\n\nimport (\n\t"embed"\n\t"net/http"\n)\n\n'
        "//go:embed all:ui/build\nvar ui embed.FS\n\n"
        'func main() { _ = http.ListenAndServe(":8081", http.FileServer(http.FS(ui))) }\n',
        "ui/package.json": '{\n  "scripts": {\n    "build": "vite build --outDir build"\n  },\n'
        '  "devDependencies": {"vite": "^6.0.0"},\n  "engines": {"node": "^24"}\n}\n',
        "ui/package-lock.json": "{}\n",
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    text = render(plan)["Dockerfile"]
    assert (
        "FROM node:24-slim AS frontend\nWORKDIR /src/ui\nCOPY ui/package.json ui/package-lock.json ./\n"
        in text
    )
    assert "RUN --mount=type=cache,target=/root/.npm \\\n    npm ci\nCOPY ui/ ./\nRUN npm run build\n" in text
    assert "COPY --from=frontend /src/ui/build /src/ui/build\n" in text
    assert text.index("COPY --from=frontend") > text.index("COPY . .")
    assert detection.fact("front end").value == "ui"  # type: ignore[union-attr]


def test_embed_of_a_missing_folder_without_a_front_end_is_left_alone(tmp_path) -> None:
    files = {
        "go.mod": MOD,
        "main.go": 'package main\n\nimport "embed"\n\n//go:embed web/dist\nvar ui embed.FS\n\n'
        "func main() {}\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.details.frontends == () and "AS frontend" not in render(plan)["Dockerfile"]


def test_subfolder_module_with_a_sibling_replace(tmp_path) -> None:
    files = {
        "README.md": "# repo\n",
        "backend/go.mod": "module example.com/backend\n\ngo 1.26\n\nrequire example.com/shared v0.0.0\n\n"
        "replace example.com/shared => ../shared\n",
        "backend/main.go": SERVER,
        "shared/go.mod": "module example.com/shared\n",
        "shared/s.go": "package shared\n",
    }
    project = make_project(tmp_path, files)
    plan = plan_stack(detect(project))
    assert plan.details.build_dir == "/src/backend" and not plan.details.download
    text = render(plan)["Dockerfile"]
    assert "COPY . /src/\nWORKDIR /src/backend\n" in text
    assert main(["init", str(project), "--yes"]) == 0 and (project / "Dockerfile").is_file()


def test_two_modules_in_sub_folders_are_two_projects(tmp_path) -> None:
    files = {"a/go.mod": MOD, "a/main.go": SERVER, "b/go.mod": MOD, "b/main.go": SERVER}
    project = make_project(tmp_path, files)
    with pytest.raises(Exception, match="no python|no .* project"):
        detect(project)
