"""A tiny Starlette service: a health check and a word counter."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route


async def health(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


async def word_count(request: Request) -> JSONResponse:
    text = request.query_params.get("text", "")
    return JSONResponse({"text": text, "words": len(text.split())})


app = Starlette(
    routes=[
        Route("/health", health),
        Route("/count", word_count),
    ]
)
