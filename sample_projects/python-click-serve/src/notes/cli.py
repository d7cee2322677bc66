"""The `notes` command: a group of subcommands (bare, it prints its help and exits)."""

import click

from notes import web


@click.group()
@click.version_option()
def cli() -> None:
    """Team notes."""


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="interface to listen on")
@click.option("--port", default=8001, show_default=True, envvar="PORT", help="port to listen on")
@click.option("--threads", default=4, show_default=True)
def serve(host: str, port: int, threads: int) -> None:
    """Serve the notes over HTTP."""
    from waitress import serve as waitress_serve

    waitress_serve(web.app, host=host, port=port, threads=threads)


@cli.command("list")
def list_notes() -> None:
    """Print the notes."""
    for note in web.NOTES:
        click.echo(note)
