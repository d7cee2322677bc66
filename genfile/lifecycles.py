"""Every language's release lines, with the dates that decide genfile's defaults.

One table, read by each language's version detection: a line is *supported* from its release
to its end of life, the default for a project that pins nothing is picked by today's date (not
hard-coded), and an end-of-life line is never recommended as a fix and is reported when a
project pins it. Dates are upstream's published schedules (python.org/downloads PEP 602 cadence:
five years of fixes; nodejs.org/about/previous-releases; go.dev/doc/devel/release: a Go line
is fixed until the second newer line is out). Lines still to come are listed with their
planned dates, so the table ages gracefully; extend it when a new line is announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Line:
    language: str
    version: str  # as image tags spell the line: "3.14", "24", "1.26"
    released: date
    end_of_life: date
    lts: date | None = None  # Node: when the line became long-term support

    def supported(self, today: date) -> bool:
        return self.released <= today < self.end_of_life

    def active_lts(self, today: date) -> bool:
        return self.lts is not None and self.lts <= today < self.end_of_life


def _d(text: str) -> date:
    return date.fromisoformat(text)


LINES = (
    Line("python", "3.9", _d("2020-10-05"), _d("2025-10-31")),
    Line("python", "3.10", _d("2021-10-04"), _d("2026-10-31")),
    Line("python", "3.11", _d("2022-10-24"), _d("2027-10-31")),
    Line("python", "3.12", _d("2023-10-02"), _d("2028-10-31")),
    Line("python", "3.13", _d("2024-10-07"), _d("2029-10-31")),
    Line("python", "3.14", _d("2025-10-07"), _d("2030-10-31")),
    Line("python", "3.15", _d("2026-10-01"), _d("2031-10-31")),
    Line("python", "3.16", _d("2027-10-01"), _d("2032-10-31")),
    Line("node", "18", _d("2022-04-19"), _d("2025-04-30"), lts=_d("2022-10-25")),
    Line("node", "19", _d("2022-10-18"), _d("2023-06-01")),
    Line("node", "20", _d("2023-04-18"), _d("2026-04-30"), lts=_d("2023-10-24")),
    Line("node", "21", _d("2023-10-17"), _d("2024-06-01")),
    Line("node", "22", _d("2024-04-24"), _d("2027-04-30"), lts=_d("2024-10-29")),
    Line("node", "23", _d("2024-10-16"), _d("2025-06-01")),
    Line("node", "24", _d("2025-05-06"), _d("2028-04-30"), lts=_d("2025-10-28")),
    Line("node", "25", _d("2025-10-15"), _d("2026-06-01")),
    Line("node", "26", _d("2026-04-22"), _d("2029-04-30"), lts=_d("2026-10-27")),
    Line("node", "27", _d("2026-10-20"), _d("2027-06-01")),
    Line("node", "28", _d("2027-04-20"), _d("2030-04-30"), lts=_d("2027-10-26")),
    Line("go", "1.22", _d("2024-02-06"), _d("2025-02-11")),
    Line("go", "1.23", _d("2024-08-13"), _d("2025-08-12")),
    Line("go", "1.24", _d("2025-02-11"), _d("2026-02-10")),
    Line("go", "1.25", _d("2025-08-12"), _d("2026-08-11")),
    Line("go", "1.26", _d("2026-02-10"), _d("2027-02-09")),
    Line("go", "1.27", _d("2026-08-11"), _d("2027-08-10")),
    Line("go", "1.28", _d("2027-02-09"), _d("2028-02-08")),
)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def lines(language: str) -> tuple[Line, ...]:
    """Every known line of ``language``, newest first."""
    return tuple(
        sorted((x for x in LINES if x.language == language), key=lambda x: _key(x.version), reverse=True)
    )


def line(language: str, version: str) -> Line | None:
    return next((x for x in LINES if x.language == language and x.version == version), None)


def supported(language: str, today: date | None = None) -> tuple[str, ...]:
    """The lines released and not yet at end of life, newest first."""
    today = today or date.today()
    return tuple(x.version for x in lines(language) if x.supported(today))


def released(language: str, today: date | None = None) -> tuple[str, ...]:
    """Every line out by ``today`` (end of life or not), newest first."""
    today = today or date.today()
    return tuple(x.version for x in lines(language) if x.released <= today)


def end_of_life(language: str, version: str, today: date | None = None) -> bool:
    """Whether ``version``'s line no longer gets fixes (unknown lines: not said to be)."""
    found = line(language, version)
    return found is not None and (today or date.today()) >= found.end_of_life


def newest_settled(language: str, today: date | None = None, months: int = 12) -> str:
    """The newest supported line out for at least ``months``: wheels and binary packages have
    caught up with it (Python's default for a project that pins nothing)."""
    today = today or date.today()
    cutoff = date(today.year - months // 12, today.month, min(today.day, 28))
    settled = [x.version for x in lines(language) if x.supported(today) and x.released <= cutoff]
    return settled[0] if settled else supported(language, today)[0]


def newest_lts(language: str, today: date | None = None) -> str:
    """The newest line in active long-term support (Node's default)."""
    today = today or date.today()
    return next(x.version for x in lines(language) if x.active_lts(today))


def lts_lines(language: str, today: date | None = None) -> tuple[str, ...]:
    """Supported long-term-support lines, newest first."""
    today = today or date.today()
    return tuple(x.version for x in lines(language) if x.lts is not None and x.supported(today))
