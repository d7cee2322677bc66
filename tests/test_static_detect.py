"""The static-site detector: what a plain site (an index.html, a Staticfile) gets."""

from __future__ import annotations

import pytest

from genfile.errors import UnknownProjectError
from genfile.pipeline import detect, plan_stack
from genfile.render import render
from tests.conftest import SAMPLES, make_project

PAGE = "<!doctype html><title>x</title><h1>x</h1>\n"


def dockerfile(tmp_path, files) -> str:
    return render(plan_stack(detect(make_project(tmp_path, files))))["Dockerfile"]


def test_the_sample_serves_its_folder_with_real_404s() -> None:
    detection = detect(SAMPLES / "static-site")
    assert detection.ecosystem == "static" and detection.stack == "static-nginx"
    plan = plan_stack(detection)
    text = render(plan)["Dockerfile"]
    assert "error_page 404 /404.html;" in text and "/index.html; }" not in text
    assert "COPY . ." in text and "nginx -t" in text
    assert plan.user.uid == 101 and plan.honours_port


def test_a_lone_index_html_is_a_site_and_404s_by_default(tmp_path) -> None:
    text = dockerfile(tmp_path, {"index.html": PAGE})
    assert "try_files $uri $uri/ $uri.html =404;" in text


def test_staticfile_root_and_fallback(tmp_path) -> None:
    text = dockerfile(tmp_path, {"Staticfile": "root: dist\nindex_fallback: true\n", "dist/index.html": PAGE})
    assert "COPY dist/ ./" in text and "try_files $uri $uri/ /index.html;" in text
    assert "Staticfile:2" in text


def test_cloud_foundry_pushstate_means_fallback(tmp_path) -> None:
    detection = detect(make_project(tmp_path, {"Staticfile": "pushstate: enabled\n", "index.html": PAGE}))
    assert any(f.name == "unknown paths" and "fallback" in str(f.value) for f in detection.facts)


def test_a_client_router_in_a_one_page_site_gets_the_fallback(tmp_path) -> None:
    files = {"index.html": PAGE, "app.js": "window.history.pushState({}, '', '/x');\n"}
    assert "/index.html; }" in dockerfile(tmp_path, files)


def test_unknown_and_unsafe_settings_are_reported_with_their_line(tmp_path) -> None:
    files = {"Staticfile": "root: ../etc\nssi: enabled\nwhat: ever\n", "index.html": PAGE}
    warnings = detect(make_project(tmp_path, files)).warnings
    assert any(w.startswith("Staticfile:1: root is not a plain") for w in warnings)
    assert any(w.startswith("Staticfile:2: ssi") for w in warnings)
    assert any(w.startswith("Staticfile:3: unknown setting") for w in warnings)


@pytest.mark.parametrize("manifest", ["package.json", "go.mod", "requirements.txt"])
def test_a_page_beside_another_manifest_is_not_a_static_site(tmp_path, manifest) -> None:
    body = {"package.json": "{}\n", "go.mod": "module x\n\ngo 1.26\n"}.get(manifest, "\n")
    make_project(tmp_path, {"index.html": PAGE, manifest: body})
    try:
        detection = detect(tmp_path)
    except UnknownProjectError:
        return
    assert detection.ecosystem != "static"
