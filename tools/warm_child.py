"""What a warm build child (tools/warm_build.py) changes in Sphinx: the edited page appears sooner.

Both hooks change when output is written, never what is written:

- ``write_read_documents_first``: the documents this build read (the
  edited chapter) are written before the others it must re-write (the
  List of Diagrams, the index), instead of in name order, and the warm
  process is told when they are (``signal_written``), so the preview can
  reload the browser before the build ends;
- ``pickle_environment_aside``: Sphinx pickles the environment after
  reading and before writing; here a forked grandchild pickles the same
  environment, as it was at that moment, while the build goes on writing.
  The child waits for it before it reports (``wait_for_pickles``), so the
  warm process and the next build see the whole file.

Sphinx 9.0's ``Builder.read_doc``, ``Builder.write_documents`` and the
``pickle`` module that ``sphinx.builders`` dumps the environment with are
wrapped in the child only; tests/test_fast_paths.py compares the warm
output with a cold ``sphinx-build``'s, file by file.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Set
from typing import IO, Any

_GRANDCHILDREN: list[int] = []
# Set by tools/warm_build.py in the child: told once the read pages are written.
WRITTEN_FD: int | None = None


def signal_written() -> None:
    """Tell the warm process the pages this build read are written (the browser may reload)."""
    global WRITTEN_FD  # noqa: PLW0603 - one signal per child
    if WRITTEN_FD is not None:
        os.write(WRITTEN_FD, b"w")
        os.close(WRITTEN_FD)
        WRITTEN_FD = None


def close_written() -> None:
    """Before the child's report: the warm process stops waiting for a signal (no page was read)."""
    global WRITTEN_FD  # noqa: PLW0603 - see signal_written
    if WRITTEN_FD is not None:
        os.close(WRITTEN_FD)
        WRITTEN_FD = None


def write_read_documents_first() -> None:
    """In the child: documents read by this build are written first, then the rest in name order."""
    from sphinx.builders import Builder

    read: set[str] = set()
    read_doc, write_documents = Builder.read_doc, Builder.write_documents

    def recording_read_doc(builder: Builder, docname: str, *args: Any, **kwargs: Any) -> None:
        read.add(docname)
        read_doc(builder, docname, *args, **kwargs)

    def read_first(builder: Builder, docnames: Set[str]) -> None:
        if builder.parallel_ok or not read:
            write_documents(builder, docnames)
            return
        builder._write_serial(sorted(name for name in docnames if name in read))
        signal_written()
        builder._write_serial(sorted(name for name in docnames if name not in read))

    Builder.read_doc = recording_read_doc  # type: ignore[method-assign]
    Builder.write_documents = read_first  # type: ignore[method-assign]


class _AsidePickle:
    """``sphinx.builders``' view of ``pickle``: a grandchild dumps the environment."""

    HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)

    @staticmethod
    def dump(obj: object, file: IO[bytes], protocol: int | None = None) -> None:
        from sphinx.environment import BuildEnvironment

        if not isinstance(obj, BuildEnvironment):
            pickle.dump(obj, file, protocol)
            return
        file.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the grandchild: the environment as it is now, whatever the build does next
            status = 1
            try:
                pickle.dump(obj, file, protocol)
                file.flush()
                status = 0
            except BaseException as err:  # noqa: BLE001 - reported, and the build fails (wait_for_pickles)
                print(f"pickling the environment failed: {err!r}", file=sys.stderr, flush=True)
            finally:
                os._exit(status)
        _GRANDCHILDREN.append(pid)


def pickle_environment_aside() -> None:
    """In the child: a grandchild writes Sphinx's environment pickle (see the module's doc)."""
    import sphinx.builders

    sphinx.builders.pickle = _AsidePickle()  # type: ignore[assignment]


def wait_for_pickles() -> bool:
    """Wait for every grandchild; whether all of them wrote their pickle."""
    ok = True
    while _GRANDCHILDREN:
        _, status = os.waitpid(_GRANDCHILDREN.pop(), 0)
        ok = ok and os.waitstatus_to_exitcode(status) == 0
    return ok
