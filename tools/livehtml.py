"""`make livehtml`: sphinx-autobuild's server and watcher, building in a warm process.

``python tools/livehtml.py [--host H] [--port P] [--watch PATH ...] -- SPHINX-ARGS``
serves the output folder on 127.0.0.1, watches the sources and every
``--watch`` path, and on a change asks the warm build process
(tools/warm_build.py) for an incremental build, then reloads the browser.
sphinx-autobuild supplies the watcher, the ignore filter, the reload
script injected into each page and the web server; only its builder, which
starts a cold ``python -m sphinx`` for every change, is replaced.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import uvicorn
from sphinx.cmd.build import get_parser as sphinx_parser
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.warm_build import request_build  # noqa: E402 - tools/ is not a package on sys.path

WARM_BUILD = Path(__file__).with_name("warm_build.py")
IGNORED = r"__pycache__|\.pyc$|\.swp$|~$|\.#"


class WarmBuilder:
    """sphinx-autobuild's change callback, answered by a warm build process it keeps alive."""

    def __init__(self, sphinx_args: Sequence[str], socket_path: str) -> None:
        self.sphinx_args = list(sphinx_args)
        self.socket_path = socket_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """(Re)start the warm process and wait until it listens."""
        if self.process is not None and self.process.poll() is None:
            return
        Path(self.socket_path).unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, str(WARM_BUILD), self.socket_path, "--", *self.sphinx_args]
        )
        deadline = time.monotonic() + 120
        while not Path(self.socket_path).exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit("the warm build process did not start")
            time.sleep(0.02)

    def __call__(
        self, *, changed_paths: Sequence[Path], on_written: Callable[[], None] | None = None
    ) -> None:
        """One build; ``on_written`` once the pages it read are written (the browser may reload)."""
        self.start()
        if changed_paths:
            print(f"[preview] changed: {', '.join(p.name for p in changed_paths[:5])}", flush=True)
        try:
            paths = [str(p) for p in changed_paths]
            reply = request_build(self.socket_path, paths, on_written=on_written)
        except OSError as err:
            print(f"[preview] the warm build process failed ({err}); restarting it", flush=True)
            self.stop()
            return
        status, seconds = reply.get("status", 1), reply.get("seconds", 0)
        verdict = "built" if status == 0 else f"build failed (exit {status}); still serving the last pages"
        print(f"[preview] {verdict} in {seconds:.2f} s", flush=True)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


class ThreadedRebuildServer(RebuildServer):
    """sphinx-autobuild's watcher, calling the builder in a thread rather than a new process pool.

    The browser reloads twice per change: once the changed pages are
    written, and again when the build ends (for the other pages it rewrote:
    the index, the List of Diagrams, the 404 page).
    """

    async def watch(self) -> None:
        import watchfiles

        loop = asyncio.get_running_loop()
        async for changes in watchfiles.awatch(
            *self.paths, watch_filter=lambda _, path: not self.ignore(path), debounce=200, step=20
        ):
            changed = sorted({Path(path).resolve() for _, path in changes})
            await asyncio.to_thread(
                self.change_callback,
                changed_paths=changed,
                on_written=lambda: loop.call_soon_threadsafe(self.flag.set),
            )
            self.flag.set()


def create_app(
    builder: WarmBuilder, watched: list[Path], ignored: list[Path], serve_dir: Path, url_host: str
) -> Starlette:
    watcher = ThreadedRebuildServer(watched, IgnoreFilter(ignored, [IGNORED]), change_callback=builder)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=serve_dir, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", action="append", default=[], type=Path)
    options = parser.parse_args(argv[:split])
    sphinx_args = argv[split + 1 :]
    built = sphinx_parser().parse_args(sphinx_args)
    outdir = Path(built.outputdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    ignored = [outdir, *([Path(built.doctreedir).resolve()] if built.doctreedir else [])]
    watched = [Path(built.sourcedir).resolve(), *(path.resolve() for path in options.watch)]
    with tempfile.TemporaryDirectory(prefix="livehtml-") as tmp:
        builder = WarmBuilder(sphinx_args, str(Path(tmp) / "build.sock"))
        builder(changed_paths=())
        url_host = f"{options.host}:{options.port}"
        print(f"[preview] serving on http://{url_host}", flush=True)
        try:
            app = create_app(builder, watched, ignored, outdir, url_host)
            uvicorn.run(app, host=options.host, port=options.port, log_level="warning")
        finally:
            builder.stop()


if __name__ == "__main__":
    main()
