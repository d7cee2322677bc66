"""GF015, the server port is not exposed: the port comes from detection, and without a project the
rule is skipped."""

from __future__ import annotations

from genfile.audit import audit_text
from tests.audit_rules.support import FLASK, GOOD_IGNORE, PLAIN, ids
from tests.conftest import make_project


def test_missing_expose_uses_detection_and_is_skipped_without_it(tmp_path) -> None:
    make_project(tmp_path, FLASK)
    text = PLAIN.replace("EXPOSE 8000\n", "")
    report = audit_text(text, dockerignore=GOOD_IGNORE, project=tmp_path)
    finding = next(f for f in report.findings if f.rule.id == "GF015")
    assert "Flask server listens on port 8000" in finding.message and finding.line == 6
    assert "GF015" not in ids(text)  # no project, no detection: the rule is skipped
