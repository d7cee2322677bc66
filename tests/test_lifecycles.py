"""Defaults come from the release schedule and today's date, never from a constant."""

from __future__ import annotations

from datetime import date

from genfile import lifecycles

DEC_2026 = date(2026, 12, 1)


def test_node_default_is_the_newest_active_lts_and_20_is_end_of_life() -> None:
    assert lifecycles.newest_lts("node", DEC_2026) == "26"
    assert lifecycles.lts_lines("node", DEC_2026) == ("26", "24", "22")
    assert lifecycles.end_of_life("node", "20", DEC_2026) and not lifecycles.end_of_life(
        "node", "22", DEC_2026
    )
    # Before 26 became LTS (late October 2026), 24 was the default.
    assert lifecycles.newest_lts("node", date(2026, 9, 1)) == "24"


def test_python_3_15_is_supported_but_the_default_waits_for_wheels() -> None:
    assert lifecycles.supported("python", DEC_2026)[0] == "3.15"
    assert lifecycles.newest_settled("python", DEC_2026) == "3.14"
    assert lifecycles.newest_settled("python", date(2027, 11, 1)) == "3.15"
    assert lifecycles.end_of_life("python", "3.10", DEC_2026)


def test_go_keeps_the_two_newest_lines() -> None:
    assert lifecycles.supported("go", DEC_2026) == ("1.27", "1.26")
    assert lifecycles.end_of_life("go", "1.25", DEC_2026)


def test_unknown_lines_are_not_called_end_of_life() -> None:
    assert not lifecycles.end_of_life("python", "4.0", DEC_2026)
