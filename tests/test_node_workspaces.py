"""Node workspaces, the Bun runtime, and the install details real projects hit."""

from __future__ import annotations

import json

import pytest

from genfile.errors import ChoiceError
from genfile.pipeline import detect, plan_stack
from genfile.render import render
from tests.conftest import SAMPLES, make_project


def pkg(**fields: object) -> str:
    return json.dumps({"name": "x", "version": "1.0.0", **fields}, indent=2)


def dockerfile_of(tmp_path, files, main=None) -> str:
    return render(plan_stack(detect(make_project(tmp_path, files), main=main)))["Dockerfile"]


WORKSPACE = {
    "package.json": pkg(private=True, workspaces=["apps/*", "packages/*"]),
    "package-lock.json": json.dumps({"lockfileVersion": 3, "packages": {"": {}}}),
    "packages/lib/package.json": pkg(name="@a/lib", dependencies={"ms": "^2"}),
    "apps/api/package.json": pkg(
        name="@a/api", scripts={"start": "node server.js"}, dependencies={"@a/lib": "*"}
    ),
    "apps/api/server.js": "require('http').createServer().listen(process.env.PORT || 3000);\n",
}


def test_the_sample_builds_the_app_its_root_start_enters() -> None:
    plan = plan_stack(detect(SAMPLES / "node-pnpm-workspace"))
    text = render(plan)["Dockerfile"]
    assert plan.start_command == ("node", "server.js")
    assert "COPY apps/api/package.json apps/api/" in text and "COPY packages/shared/package.json" in text
    assert "WORKDIR /app/apps/api" in text and "COPY --from=deps /app ./" in text


def test_a_root_that_starts_nothing_builds_its_only_app(tmp_path) -> None:
    text = dockerfile_of(tmp_path, WORKSPACE)
    assert "WORKDIR /app/apps/api" in text and 'CMD ["node", "server.js"]' in text
    assert "COPY packages/lib/package.json packages/lib/" in text


def test_several_apps_need_a_choice_and_main_makes_it(tmp_path) -> None:
    files = dict(WORKSPACE)
    files["apps/web/package.json"] = pkg(name="@a/web", scripts={"start": "node web.js"})
    files["apps/web/web.js"] = ""
    make_project(tmp_path, files)
    detection = detect(tmp_path)
    assert any("--app apps/api" in w for w in detection.warnings) and not detection.runnable
    chosen = plan_stack(detect(tmp_path, main="apps/web"))
    assert chosen.start_command == ("node", "web.js")
    with pytest.raises(ChoiceError, match="not a member"):
        detect(tmp_path, main="apps/nope")


def test_a_root_that_starts_itself_keeps_every_member_node_modules(tmp_path) -> None:
    files = dict(WORKSPACE)
    files["package.json"] = pkg(
        private=True, workspaces=["apps/*", "packages/*"], scripts={"start": "node apps/api/server.js"}
    )
    text = dockerfile_of(tmp_path, files)
    assert "COPY --from=deps /app ./" in text and "WORKDIR /app/apps" not in text


def test_turborepo_builds_the_member_with_its_filter(tmp_path) -> None:
    files = dict(WORKSPACE)
    files["package.json"] = pkg(
        private=True, workspaces=["apps/*", "packages/*"], devDependencies={"turbo": "^2"}
    )
    files["turbo.json"] = "{}\n"
    files["apps/api/package.json"] = pkg(
        name="@a/api", scripts={"build": "tsc", "start": "node dist/server.js"}, dependencies={"@a/lib": "*"}
    )
    text = dockerfile_of(tmp_path, files)
    assert "node_modules/.bin/turbo run build --filter=@a/api" in text
    assert "find . -name node_modules -type d -prune -exec rm -rf {} +" in text


def test_bun_workspace_and_version_file(tmp_path) -> None:
    files = {
        "package.json": pkg(module="index.ts", workspaces=["packages/*"], dependencies={"a": "workspace:*"}),
        "packages/a/package.json": pkg(name="a", dependencies={"ms": "^2"}),
        "index.ts": "console.log(Bun.version);\n",
        ".bun-version": "1.3.14\n",
        "bun.lock": "{}\n",
    }
    make_project(tmp_path, files)
    plan = plan_stack(detect(tmp_path))
    text = render(plan)["Dockerfile"]
    assert plan.stack.name == "bun" and plan.base_image == "oven/bun:1-slim"
    assert (
        "bun install --frozen-lockfile --production" in text
        and "COPY packages/a/package.json packages/a/" in text
    )
    assert ".bun-version:1" in text


def test_bun_as_package_manager_only_stays_on_node(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"start": "node index.js"}, dependencies={"ms": "^2"}),
        "bun.lock": "{}\n",
    }
    files["index.js"] = ""
    assert plan_stack(detect(make_project(tmp_path, files))).stack.name == "node-alpine"


def test_npm_lockfile_out_of_step_is_shown_and_installed_with_npm_install(tmp_path) -> None:
    lock = {"lockfileVersion": 3, "packages": {"": {"dependencies": {"dayjs": "1.11.13"}}}}
    files = {
        "package.json": pkg(
            scripts={"start": "node i.js"}, dependencies={"dayjs": "1.11.13", "is-number": "7.0.0"}
        ),
        "package-lock.json": json.dumps(lock),
        "i.js": "",
    }
    detection = detect(make_project(tmp_path, files))
    assert any("is-number 7.0.0 not in the lockfile" in w for w in detection.warnings)
    text = render(plan_stack(detection))["Dockerfile"]
    assert "npm install --omit=dev" in text and "npm ci" not in text


def test_native_modules_build_on_the_full_image_and_run_on_slim(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"start": "node i.js"}, dependencies={"better-sqlite3": "^12"}),
        "i.js": "",
    }
    plan = plan_stack(detect(make_project(tmp_path, files)))
    text = render(plan)["Dockerfile"]
    assert "FROM node:26 AS base" in text and plan.base_image == "node:26-slim"
    assert text.count("FROM node:26-slim") == 1


def test_package_json5_and_engines_pnpm(tmp_path) -> None:
    files = {
        "package.json5": "{\n  // pnpm reads this\n  name: 'x',\n  scripts: {start: 'node m.js',},\n"
        "  engines: {pnpm: '^10.3.0'},\n  dependencies: {ms: '^2'},\n}\n",
        "m.js": "",
    }
    plan = plan_stack(detect(make_project(tmp_path, files)))
    text = render(plan)["Dockerfile"]
    assert plan.start_command == ("node", "m.js") and "pnpm@10" in text and "COPY package.json5 ./" in text
    assert "Command from package.json5:4" in text


def test_pnpm_workspace_settings_need_their_pnpm_line(tmp_path) -> None:
    files = {
        "package.json": pkg(scripts={"start": "node m.js"}, dependencies={"ms": "^2"}),
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        "pnpm-workspace.yaml": "allowBuilds:\n  esbuild: true\n",
        "m.js": "",
    }
    detection = detect(make_project(tmp_path, files))
    assert any("pnpm-workspace.yaml:1 is a pnpm 11 setting" in w for w in detection.warnings)
    assert "pnpm@11" in render(plan_stack(detection))["Dockerfile"]


@pytest.mark.parametrize(
    ("adapter", "expect"),
    [("@sveltejs/adapter-vercel", "builds for Vercel"), ("@sveltejs/adapter-auto", None)],
)
def test_sveltekit_adapters(tmp_path, adapter, expect) -> None:
    files = {
        "package.json": pkg(
            scripts={"build": "vite build"}, devDependencies={"@sveltejs/kit": "^2", adapter: "^1"}
        ),
        "svelte.config.js": f"import adapter from '{adapter}';\n"
        "export default { kit: { adapter: adapter() } };\n",
    }
    detection = detect(make_project(tmp_path, files))
    if expect:
        assert not detection.runnable and any(expect in w and "adapter-node" in w for w in detection.warnings)
    else:
        text = render(plan_stack(detection))["Dockerfile"]
        assert "GCP_BUILDPACKS=true" in text and 'CMD ["node", "build"]' in text


def test_react_router_spa_mode_and_angular_are_static(tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={"build": "react-router build"}, devDependencies={"@react-router/dev": "7"}
        ),
        "react-router.config.ts": "export default { ssr: false };\n",
    }
    plan = plan_stack(detect(make_project(tmp_path / "rr", files)))
    assert plan.stack.name == "node-static" and "build/client" in render(plan)["Dockerfile"]
    angular = {
        "package.json": pkg(scripts={"build": "ng build"}, dependencies={"@angular/core": "19"}),
        "angular.json": json.dumps(
            {
                "projects": {
                    "web": {
                        "architect": {
                            "build": {
                                "builder": "@angular/build:application",
                                "options": {"outputPath": "dist/web"},
                            }
                        }
                    }
                }
            }
        ),
    }
    text = render(plan_stack(detect(make_project(tmp_path / "ng", angular))))["Dockerfile"]
    assert "/app/dist/web/browser" in text


def test_start_script_steps_move_to_the_build(tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={
                "css": "sass a.scss public/a.css",
                "start": "npm run css && node -r dotenv/config app.js",
            },
            dependencies={"express": "4"},
            devDependencies={"sass": "1"},
        ),
        "app.js": "",
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    assert plan.start_command == ("node", "app.js")
    assert "RUN npm run css" in render(plan)["Dockerfile"]
    assert any("dotenv/config" in w for w in detection.warnings)


def test_typescript_on_tsx_is_compiled_and_localhost_binds_are_fixed_or_reported(tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={"start": "tsx src/main.ts"},
            dependencies={"fastify": "5"},
            devDependencies={"tsx": "4", "typescript": "5"},
        ),
        "tsconfig.json": '{"compilerOptions": {"outDir": "build", "rootDir": "src"}}\n',
        "src/main.ts": "const app = Fastify();\napp.listen({ port: 3000 });\n",
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    assert plan.start_command == ("node", "build/main.js")
    assert "RUN node_modules/.bin/tsc" in render(plan)["Dockerfile"]
    assert any(w.startswith("src/main.ts:2 listens on localhost only") for w in detection.warnings)


def test_prisma_generate_runs_in_the_build_and_its_client_is_copied(tmp_path) -> None:
    files = {
        "package.json": pkg(
            scripts={"build": "tsc", "start": "node dist/index.js"},
            dependencies={"@prisma/client": "6"},
            devDependencies={"prisma": "6"},
        ),
        "prisma/schema.prisma": 'generator client {\n  provider = "prisma-client-js"\n}\n',
    }
    text = render(plan_stack(detect(make_project(tmp_path, files))))["Dockerfile"]
    assert "node_modules/.bin/prisma generate --schema prisma/schema.prisma" in text
    assert "COPY --from=build /app/node_modules/.prisma ./node_modules/.prisma" in text


def test_app_flag_picks_the_member_and_is_saved(run_cli, tmp_path) -> None:
    files = dict(WORKSPACE)
    files["apps/web/package.json"] = pkg(name="@a/web", scripts={"start": "node web.js"})
    files["apps/web/web.js"] = ""
    make_project(tmp_path, files)
    code, _, err = run_cli("init", str(tmp_path), "--yes")
    assert code == 2 and "--app apps/api" in err
    code, out, err = run_cli("init", str(tmp_path), "--yes", "--app", "apps/web")
    assert code == 0, err
    assert 'main = "apps/web"' in (tmp_path / "genfile.toml").read_text()
    assert 'CMD ["node", "web.js"]' in (tmp_path / "Dockerfile").read_text()
    code, _, err = run_cli("init", str(tmp_path), "--yes", "--force")  # the saved answer holds
    assert code == 0 and 'CMD ["node", "web.js"]' in (tmp_path / "Dockerfile").read_text()


@pytest.mark.parametrize(
    ("env", "kept"),
    [("VITE_API_URL=https://api.example.com\n", True), ("VITE_API_URL=x\nAPI_TOKEN=abc\n", False)],
)
def test_a_env_of_bundler_settings_reaches_the_build_stage_only(tmp_path, env, kept) -> None:
    files = {
        "package.json": pkg(scripts={"build": "vite build"}, devDependencies={"vite": "6"}),
        "index.html": "<div id=app></div>",
        ".env": env,
    }
    files_out = render(plan_stack(detect(make_project(tmp_path, files))))
    assert ("!.env" in files_out[".dockerignore"]) is kept
    assert ("is build configuration, not a secret" in files_out["Dockerfile"]) is kept
