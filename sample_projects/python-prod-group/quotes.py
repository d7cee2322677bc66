"""A quote of the day: the same quote all day, a new one tomorrow."""

import datetime

from flask import Flask

QUOTES = [
    "Simple is better than complex.",
    "Readability counts.",
    "Errors should never pass silently.",
    "Now is better than never.",
]

app = Flask(__name__)


@app.get("/health")
def health() -> str:
    return "ok"


@app.get("/")
def today() -> dict[str, str]:
    day = datetime.date.today().toordinal()
    return {"quote": QUOTES[day % len(QUOTES)]}
