"""A warm Sphinx build process: imports once, forks a fresh child for each build.

``python tools/warm_build.py SOCKET -- SPHINX-ARGS`` listens on a Unix
socket. Each request is one JSON line, ``{"paths": [...]}`` (the changed
files); the reply is one JSON line, ``{"status": N, "seconds": S}``, sent when
the build has finished, preceded by ``{"written": true}`` as soon as the
pages the build read are written (tools/warm_child.py). Each build runs
``sphinx-build SPHINX-ARGS`` in a child forked from this process, so it
starts with Sphinx, the theme, the book's extensions and their data (pint's
unit registry, pybtex's plugins) already imported, and ends with nothing
left behind: a crash, a half-read environment or a changed module-level
cache dies with the child.

A change to ``conf.py`` or to a module under the configuration folder's
``exts/`` replaces this process by a fresh one (``exec``), which imports
the new code and then builds; the waiting request is answered by the new
process. Modules a child imported that this process had not are imported
after the build, so the next child finds them warm too, and what the child
read from bib/ and the registries (``exts.filememo``) is read again here,
keyed by the files' digests, so the next child inherits it. So is the
environment the child pickled (``KeptEnvironment``): the next child takes
it instead of un-pickling the same file, and only while the file is the one
it was read from; likewise the doctrees it loaded (tools/warm_doctrees.py:
``{numref}`` looks its targets up in their documents). Results only a build
can compute (the sidebar's tree) come back in the child's report and are
kept by key (``exts.filememo.keep``). Children keep the theme's compiled
templates in Jinja's own bytecode cache (``TEMPLATE_CACHE``, next to the socket, emptied when
this process starts), which recompiles a template whose source changed.
Each child first freezes the garbage collector's view of what it
inherited, so its collections do not walk the parent's modules and data,
and writes the documents it read first while a grandchild pickles the
environment (tools/warm_child.py), so the edited page appears sooner.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import io
import json
import os
import pickle
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import warm_child  # noqa: E402 - tools/ is not a package on sys.path
from tools.warm_doctrees import KEPT_DOCTREES, FileState, file_state  # noqa: E402

# Imported by every build; the book's own extensions are added from conf.py.
WARM_MODULES = (
    "sphinx.application",
    "sphinx.cmd.build",
    "sphinx.builders.html",
    "sphinx.writers.html5",
    "sphinx.search.en",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "myst_parser.parsers.sphinx_",
)


def confdir_of(sphinx_args: Sequence[str]) -> Path:
    """The configuration folder in ``sphinx-build`` arguments (``-c``), else the source folder."""
    from sphinx.cmd.build import get_parser

    args, _ = get_parser().parse_known_args(list(sphinx_args))
    return Path(args.confdir or args.sourcedir).resolve()


def extension_modules(confdir: Path) -> list[str]:
    """The ``extensions`` named in conf.py (none if conf.py cannot be read: the build will say why)."""
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    try:
        return list(Config.read(confdir, overrides={}, tags=Tags()).extensions)
    except Exception:  # noqa: BLE001 - a broken conf.py is reported by the build, not here
        return []


def warm_up(names: Iterable[str]) -> None:
    """Import modules ahead of the builds; one that fails to import is left to the build.

    What they print on import is dropped: the build that uses them prints its own.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        for name in names:
            with contextlib.suppress(Exception):
                importlib.import_module(name)


def needs_restart(paths: Iterable[str], confdir: Path) -> bool:
    """Whether a changed path is conf.py or lies under exts/ (code this process has imported)."""
    exts = confdir / "exts"
    for path in map(Path, paths):
        resolved = path.resolve()
        if resolved == confdir / "conf.py" or resolved.is_relative_to(exts):
            return True
    return False


ENV_PICKLE = "environment.pickle"  # sphinx.application.ENV_PICKLE_FILENAME


def environment_pickle(sphinx_args: Sequence[str]) -> Path:
    """Where the build pickles its environment (``-d``, else ``OUTPUTDIR/.doctrees``)."""
    from sphinx.cmd.build import get_parser

    args, _ = get_parser().parse_known_args(list(sphinx_args))
    doctrees = args.doctreedir or os.path.join(args.outputdir, ".doctrees")
    return Path(doctrees).resolve() / ENV_PICKLE


class KeptEnvironment:
    """The environment the last build pickled, un-pickled here so the next child need not.

    A child takes it in place of ``pickle.load`` only while the file Sphinx
    would read is unchanged since it was read here (same inode, size and
    times); otherwise Sphinx loads the file itself. The child's changes to
    it stay in the child.
    """

    def __init__(self) -> None:
        self.path: Path | None = None
        self.state: FileState | None = None
        self.env: object | None = None

    def refresh(self, path: Path) -> None:
        """Read ``path`` again if it changed since it was read (after each build)."""
        state = file_state(path)
        if state is not None and (path, state) == (self.path, self.state):
            return
        self.path = self.state = self.env = None
        gc.collect()  # the environment it replaces is cyclic garbage
        if state is None:
            return
        gc.disable()  # un-pickling allocates millions of objects: no collections meanwhile
        try:
            with open(path, "rb") as file:
                env = pickle.load(file)  # noqa: S301 - the build's own environment, as Sphinx reads it
        except Exception:  # noqa: BLE001 - the child's Sphinx reads (and reports on) it itself
            return
        finally:
            gc.enable()
        if file_state(path) == state:
            self.path, self.state, self.env = path, state, env

    def take(self, path: Path) -> object | None:
        if self.env is None or Path(path).resolve() != self.path or file_state(self.path) != self.state:
            return None
        return self.env

    def install(self) -> None:
        """In the child: Sphinx's ``_load_existing_env`` takes the kept environment when it may."""
        from sphinx.application import Sphinx
        from sphinx.locale import __
        from sphinx.util.display import progress_message

        unwrapped = getattr(Sphinx._load_existing_env, "__wrapped__", Sphinx._load_existing_env)
        kept = self

        @progress_message(__("loading pickled environment"))
        def load(app: Sphinx, filename: Path) -> object:
            env = kept.take(filename)
            if env is None:
                return unwrapped(app, filename)
            try:
                env.setup(app)  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - as Sphinx does: report it, and read the file instead
                return unwrapped(app, filename)
            app._fresh_env_used = False
            return env

        Sphinx._load_existing_env = load  # type: ignore[method-assign]


KEPT = KeptEnvironment()


def use_template_cache(folder: Path) -> None:
    """In the child: Sphinx's template environment keeps compiled templates in ``folder``.

    Jinja's ``FileSystemBytecodeCache`` checks each template's source
    checksum, so an edited template is compiled afresh.
    """
    from jinja2 import FileSystemBytecodeCache
    from sphinx.jinja2glue import BuiltinTemplateLoader

    cache = FileSystemBytecodeCache(str(folder))
    original = BuiltinTemplateLoader.init

    @functools.wraps(original)
    def init(loader: BuiltinTemplateLoader, *args: object, **kwargs: object) -> None:
        original(loader, *args, **kwargs)
        loader.environment.bytecode_cache = cache

    BuiltinTemplateLoader.init = init  # type: ignore[method-assign]


TEMPLATE_CACHE: Path | None = None  # set by serve()


def filememo():  # noqa: ANN201 - the book's exts.filememo, or None in a book without it
    try:
        return importlib.import_module("exts.filememo")
    except ImportError:
        return None


def build_in_child(
    sphinx_args: Sequence[str], on_written: Callable[[], None] | None = None
) -> tuple[int, dict]:
    """Run one build in a forked child; its exit status, the modules it imported and its memo calls.

    ``on_written`` is called once the pages the build read are written, if it reads any.
    """
    before = set(sys.modules)
    read_end, write_end = os.pipe()
    written_read, written_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: build, report what it imported, exit without cleanup
        gc.freeze()  # what it inherited stays: its collections need not walk it
        os.close(read_end)
        os.close(written_read)
        warm_child.WRITTEN_FD = written_write
        status = 1
        try:
            from sphinx.cmd.build import build_main

            KEPT.install()
            KEPT_DOCTREES.install()
            if TEMPLATE_CACHE is not None:
                use_template_cache(TEMPLATE_CACHE)
            warm_child.write_read_documents_first()
            warm_child.pickle_environment_aside()
            status = build_main(list(sphinx_args))
        except BaseException as err:  # noqa: BLE001 - any failure is this build's, not the server's
            print(f"build failed: {err!r}", file=sys.stderr)
        finally:
            if not warm_child.wait_for_pickles():  # the environment file is whole before it is read
                status = 1
            warm_child.close_written()  # the report may outgrow the pipe: the parent reads it next
            with contextlib.suppress(OSError):
                sys.stdout.flush()
                sys.stderr.flush()
                memo = filememo()
                report = {"imported": sorted(set(sys.modules) - before),
                          "calls": list(memo.CALLS) if memo else [],
                          "notes": list(memo.NOTES) if memo else [],
                          "doctrees": KEPT_DOCTREES.loaded}
                with os.fdopen(write_end, "wb") as pipe:  # whole, however large
                    pipe.write(pickle.dumps(report))
            os._exit(status if isinstance(status, int) else 1)
    os.close(write_end)
    os.close(written_write)
    with os.fdopen(written_read, "rb") as written:
        if written.read(1) and on_written is not None:  # else it ended without reading a page
            on_written()
    with os.fdopen(read_end, "rb") as pipe:
        report = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    try:
        result = pickle.loads(report)  # noqa: S301 - written by this process's own child
    except Exception:  # noqa: BLE001 - a child that died before reporting
        result = {}
    return os.waitstatus_to_exitcode(wait_status), result


def answer(connection: socket.socket, sphinx_args: Sequence[str]) -> None:
    """Build once and send the status back (after ``{"written": true}`` once the read pages are)."""
    start = time.perf_counter()

    def written() -> None:
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"written": True}).encode() + b"\n")

    status, report = build_in_child(sphinx_args, written)
    reply = {"status": status, "seconds": round(time.perf_counter() - start, 3)}
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps(reply).encode() + b"\n")
    connection.close()
    keep_warm(report, sphinx_args)


def keep_warm(report: dict, sphinx_args: Sequence[str]) -> None:
    """After a build: import what its child imported, re-read what it read from files."""
    warm_up(name for name in report.get("imported", []) if not name.startswith("__"))
    memo = filememo()
    if memo is not None:
        with contextlib.redirect_stdout(io.StringIO()):
            memo.replay(report.get("calls", []))
        memo.keep(report.get("notes", []))
    KEPT.refresh(environment_pickle(sphinx_args))
    KEPT_DOCTREES.refresh(environment_pickle(sphinx_args).parent, report.get("doctrees", []))


def prime_lazy_tables() -> None:
    """Tables libraries build on first use, in every child otherwise.

    bs4's entity table (0.1-0.5 s); soupsieve's selector tokens, regular
    expressions compiled on first use (about 0.04 s; pydata's sidebar
    selects with it).
    """
    with contextlib.suppress(Exception):
        from bs4.dammit import EntitySubstitution

        EntitySubstitution.HTML_ENTITY_TO_CHARACTER  # noqa: B018 - built on first access
    with contextlib.suppress(Exception):
        import soupsieve

        soupsieve.compile("li.toctree-l1 > details > a.reference")


def read_request(connection: socket.socket) -> dict:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    try:
        return json.loads(data or b"{}")
    except json.JSONDecodeError:
        return {}


def restart(
    options: argparse.Namespace, listener: socket.socket, connection: socket.socket, sphinx_args: list[str]
) -> None:
    """Replace this process by a fresh one that answers ``connection`` once warm."""
    for sock in (listener, connection):
        os.set_inheritable(sock.fileno(), True)
    os.execv(
        sys.executable,
        [sys.executable, os.path.abspath(__file__), options.socket, f"--listen-fd={listener.fileno()}",
         f"--pending-fd={connection.fileno()}", "--", *sphinx_args],
    )


def serve(options: argparse.Namespace, sphinx_args: list[str]) -> None:
    global TEMPLATE_CACHE  # noqa: PLW0603 - one per process, inherited by its children
    TEMPLATE_CACHE = Path(f"{options.socket}.templates")
    shutil.rmtree(TEMPLATE_CACHE, ignore_errors=True)  # compiled by a process that may have run other code
    TEMPLATE_CACHE.mkdir(parents=True)
    confdir = confdir_of(sphinx_args)
    sys.path.insert(0, str(confdir))
    warm_up([*WARM_MODULES, *extension_modules(confdir)])
    prime_lazy_tables()
    memo = filememo()
    if memo is not None:
        memo.KEEPING = True
    gc.collect()
    gc.freeze()  # the imported code, for good: the collections below need not walk it
    KEPT.refresh(environment_pickle(sphinx_args))
    if options.listen_fd is not None:
        listener = socket.socket(fileno=options.listen_fd)
    else:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(options.socket)
        # The socket appears under its name only once it listens (clients wait for the name).
        listening = f"{options.socket}.{os.getpid()}"
        listener.bind(listening)
        listener.listen()
        os.rename(listening, options.socket)
    os.set_inheritable(listener.fileno(), False)
    if options.pending_fd is not None:
        pending = socket.socket(fileno=options.pending_fd)
        os.set_inheritable(pending.fileno(), False)
        answer(pending, sphinx_args)
    print("warm build process ready", file=sys.stderr, flush=True)
    parent = os.getppid()
    listener.settimeout(1.0)
    while True:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            if os.getppid() != parent:  # the preview server is gone: so is the reason to stay
                shutil.rmtree(TEMPLATE_CACHE, ignore_errors=True)
                return
            continue
        connection.settimeout(None)
        request = read_request(connection)
        if needs_restart(request.get("paths", []), confdir):
            restart(options, listener, connection, sphinx_args)
        answer(connection, sphinx_args)


def request_build(
    socket_path: str,
    paths: Sequence[str],
    timeout: float = 600,
    on_written: Callable[[], None] | None = None,
) -> dict:
    """Ask the warm process at ``socket_path`` for a build; its final reply.

    ``on_written`` is called when the warm process says the pages the build
    read are written, before the build ends.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        client.connect(socket_path)
        client.sendall(json.dumps({"paths": list(paths)}).encode() + b"\n")
        data = b""
        while chunk := client.recv(65536):
            data += chunk
            while b"\n" in data:
                line, data = data.split(b"\n", 1)
                reply = json.loads(line or b"{}")
                if "status" in reply:
                    return reply
                if reply.get("written") and on_written is not None:
                    on_written()
        return {}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if "--" not in argv:
        sys.exit("usage: warm_build.py SOCKET [--listen-fd=N --pending-fd=N] -- SPHINX-ARGS")
    split = argv.index("--")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("socket")
    parser.add_argument("--listen-fd", type=int)
    parser.add_argument("--pending-fd", type=int)
    serve(parser.parse_args(argv[:split]), argv[split + 1 :])


if __name__ == "__main__":
    main()
