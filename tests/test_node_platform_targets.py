"""Builds for a hosting platform's runtime (a SvelteKit platform adapter, Next.js's serverless
target) are refused with the adapter or target named and the fix, even when scripts.start
names a command: exit 2, one line, nothing written. Next's static export goes to nginx."""

from __future__ import annotations

import json

import pytest

from genfile.pipeline import detect, plan_stack
from tests.conftest import make_project

SVELTE = json.dumps(
    {
        "name": "sk",
        "type": "module",
        "scripts": {"build": "vite build", "start": "vite preview"},
        "devDependencies": {"@sveltejs/kit": "^2.20.0", "@sveltejs/adapter-vercel": "^5.0.0", "vite": "^6"},
    }
)
NEXT = json.dumps(
    {
        "name": "nx",
        "scripts": {"build": "next build", "start": "next start"},
        "dependencies": {"next": "11.1.0", "react": "17.0.2", "react-dom": "17.0.2"},
    }
)


@pytest.mark.parametrize(
    ("files", "named", "fix"),
    [
        (
            {"package.json": SVELTE, "svelte.config.js": "import adapter from '@sveltejs/adapter-vercel';\n"},
            "svelte.config.js:1: @sveltejs/adapter-vercel builds for Vercel",
            "switch to @sveltejs/adapter-node",
        ),
        (
            {"package.json": NEXT, "next.config.js": "module.exports = {\n  target: 'serverless',\n}\n"},
            "next.config.js:2: the serverless target",
            "delete the target line",
        ),
    ],
)
def test_a_platform_build_is_refused_with_the_fix(run_cli, tmp_path, files, named, fix) -> None:
    project = make_project(tmp_path, files)
    code, out, err = run_cli("init", str(project), "--yes")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert named in err and fix in err and "--cmd" in err
    assert not (project / "Dockerfile").exists() and not (project / "genfile.toml").exists()


def test_next_static_export_is_served_by_nginx(tmp_path) -> None:
    config = "const nextConfig = {\n  output: 'export',\n};\nexport default nextConfig;\n"
    project = make_project(tmp_path, {"package.json": NEXT, "next.config.mjs": config})
    plan = plan_stack(detect(project))
    assert plan.stack.name == "node-static" and plan.details.static_root == "out"
    assert plan.details.error_page == "404.html"
