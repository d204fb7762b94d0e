"""`newsfacet serve`: the search page and the JSON API on waitress."""
from __future__ import annotations

import signal

import click

from search.cli.common import cli_settings, index_option, library


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True,
              help="The port (0: any free one).")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Worker threads answering requests.")
@index_option
@library
def serve(host: str, port: int, threads: int, index_path: str | None) -> None:
    """Serve the search page and the JSON API (waitress, a production WSGI server).

    \b
    Examples:
      newsfacet serve                       # http://127.0.0.1:5000/
      newsfacet serve --index ~/clips/index --port 8080
    """
    from waitress import create_server

    from web import create_app

    from search.backends.whoosh.index import exists
    from search.settings import index_dir

    path = index_dir(index_path)
    if not exists(path) and cli_settings(path).backend == "whoosh":
        click.echo(f"newsfacet: warning: no index at {path} yet; pages will say so until "
                   "`newsfacet ingest` creates it", err=True)
    settings = cli_settings(path)
    app = create_app()
    app.config["INDEX"] = str(path)   # read when the index is first opened
    app.config.update(BACKEND=settings.backend, NODES=list(settings.nodes), ON_SHARD_DOWN=settings.on_shard_down)
    server = create_server(app, host=host, port=port, threads=threads, ident="newsfacet")

    def stop(signum, frame):   # Ctrl+C or SIGTERM (a service manager): a clean stop, exit status 0
        raise KeyboardInterrupt
    # Set here, as ingest does: a process started in the background inherits SIGINT ignored.
    before = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    shown = f"[{host}]" if ":" in host else host
    try:
        click.echo(f"newsfacet: serving {path} on http://{shown}:{server.effective_port}/ (Ctrl+C to stop)",
                   err=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        for sig, handler in before.items():
            signal.signal(sig, handler)
