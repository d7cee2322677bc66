"""Templates only loop and branch over the plan: every decision, and every piece of string
work, happens in Python where it is typed and tested. This scans stacks/ for string surgery
inside Jinja2 expressions and statements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STACKS = Path(__file__).resolve().parent.parent / "stacks"
TEMPLATES = sorted(STACKS.glob("**/*.j2"))
_JINJA = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
# What counts as surgery: methods and filters that cut, splice or reformat text, string
# concatenation (~), printf-style formatting (%), and slicing.
SURGERY = re.compile(
    r"\b(replace|split|rsplit|partition|strip|lstrip|rstrip|startswith|endswith|format|upper|lower|"
    r"title|capitalize|truncate|regex\w*|center|wordwrap|indent|trim|striptags|slice)\b"
    r"|~|%|\[[^\]]*:[^\]]*\]"
)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(STACKS)))
def test_no_string_surgery_in_templates(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = []
    for match in _JINJA.finditer(text):
        code = _STRINGS.sub('""', match[1] if match[1] is not None else match[2])
        if code.lstrip().startswith(("#", "-#")):
            continue
        if SURGERY.search(code):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{template.name}:{line}: {match[0].strip()[:100]}")
    assert not found, "string work belongs in the planner:\n" + "\n".join(found)


def test_the_scan_sees_surgery() -> None:
    samples = ['{{ a | replace("x", "y") }}', '{% set x = "a" ~ b %}', "{{ b[1:] }}", '{{ "%d" % p }}']
    for sample in samples:
        code = _STRINGS.sub('""', _JINJA.search(sample)[1] or _JINJA.search(sample)[2])  # type: ignore[index]
        assert SURGERY.search(code), sample
