"""hello-service: a tiny standard-library HTTP service."""

__version__ = "0.1.0"
