"""Notes service: a tiny FastAPI application."""
