"""genfile's own output is what the audit calls good: every Dockerfile genfile renders (every
sample × stack), audited with the .dockerignore rendered beside it and the sample as the build
context, has no error or warning from genfile's rules. A rule that trips here is imprecise."""

from __future__ import annotations

import pytest

from genfile.audit import Severity, audit_text
from genfile.pipeline import detect, plan_stack
from genfile.render import render
from tests.conftest import SAMPLES, sample_stacks

CASES = sample_stacks()


@pytest.mark.parametrize(("sample", "stack"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_rendered_dockerfile_audits_clean(sample: str, stack: str) -> None:
    files = render(plan_stack(detect(SAMPLES / sample), stack))
    report = audit_text(files["Dockerfile"], dockerignore=files[".dockerignore"], project=SAMPLES / sample)
    serious = [(f.rule.id, f.line, f.message) for f in report.findings if f.severity >= Severity.WARNING]
    assert not serious
    assert report.project is not None  # detection ran, so the detection-based rules were applied
