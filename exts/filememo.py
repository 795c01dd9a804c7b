"""Results read from input files, kept by the warm build process for the builds it forks.

A cold ``sphinx-build`` keeps nothing: ``KEEPING`` is off and a memoized
function simply runs. tools/warm_build.py turns keeping on in its
long-lived process. A build child forked from it finds there what the
parent computed, keyed by the function, its arguments and the SHA-256 of
every file the function reads, so an edited file is read afresh. The
child notes each call it made (``CALLS``); after the build the parent
repeats them (``replay``), off the preview's critical path, so the next
child inherits the results.

A memoized function must depend only on its arguments and the files it
names; its result is shared with the child, which may change its copy
(a forked child's changes never reach the parent).

Results that only a build can compute (they need its builder) are kept by
name and key instead: the child ``note``s what it computed, the parent
``keep``s the child's notes after the build, and the next child
``recall``s the result while its key is equal. The key must hold
everything the result depends on; one result is kept per name.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

KEEPING = False  # set by the warm build process, never by a build
CALLS: list[tuple[str, str, tuple]] = []  # (module, name, arguments) of this process's calls
_KEPT: dict[tuple, tuple[tuple, Any]] = {}  # (function, frozen arguments) -> (digests, result)
NOTES: list[tuple[str, Any, Any]] = []  # (name, key, result) this process computed, for the parent
_NOTED: dict[str, tuple[Any, Any]] = {}  # name -> (key, result), kept by the warm process


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def freeze(value: Any) -> Any:
    """A hashable stand-in for an argument (lists and sets of paths or keys)."""
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    return value


def on_files(files: Callable[..., Iterable[Path]]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Memoize a function of ``files(*args)`` (the files it reads) and its arguments."""

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def memoized(*args: Any) -> T:
            CALLS.append((function.__module__, function.__qualname__, args))
            if not KEEPING and not _KEPT:  # a cold build: nothing to look up
                return function(*args)
            key = (function.__module__, function.__qualname__, freeze(args))
            digests = tuple(digest(path) for path in files(*args))
            kept = _KEPT.get(key)
            if kept is not None and kept[0] == digests:
                return kept[1]
            result = function(*args)
            if KEEPING:
                _KEPT[key] = (digests, result)
            return result

        return memoized

    return decorate


def replay(calls: Iterable[tuple[str, str, tuple]]) -> None:
    """Repeat a child's calls here, so the next child inherits their results."""
    for module, name, args in calls:
        try:
            function = getattr(importlib.import_module(module), name)
            function(*args)
        except Exception:  # noqa: BLE001, S112 - the next build computes (and reports) it itself
            continue
    CALLS.clear()


def recall(name: str, key: Any) -> Any | None:
    """The result kept under ``name`` if it was computed for an equal ``key``, else None."""
    kept = _NOTED.get(name)
    return kept[1] if kept is not None and kept[0] == key else None


def note(name: str, key: Any, result: Any) -> None:
    """In a warm build's child: ``result`` was computed for ``key`` (reported to the parent)."""
    if KEEPING:
        NOTES.append((name, key, result))


def keep(notes: Iterable[tuple[str, Any, Any]]) -> None:
    """In the warm process: keep a child's notes, the last one per name, for the next child."""
    for name, key, result in notes:
        _NOTED[name] = (key, result)
