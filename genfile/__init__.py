"""genfile: look at a project, write the container setup an expert would write for it."""

__version__ = "0.1.0"
