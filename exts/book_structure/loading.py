"""Load book.toml once per build and tell Sphinx which documents it affects."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .logging import warn
from .model import BookStructure, load_structure, without_root

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ENV_ATTRIBUTE = "book_structure"


def structure_path(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.book_structure_file


def load_for_build(app: Sphinx) -> None:
    """Read the structure at builder-inited and report every problem in it.

    The structure is kept on the environment before any document is read, so
    parallel readers (forked later) see it; it is re-read on every build, so a
    pickled copy is never stale.
    """
    path = structure_path(app)
    structure, problems = load_structure(path)
    structure, more = without_root(structure, app.config.root_doc)
    for problem in sorted(problems + more, key=lambda problem: problem.line):
        warn(problem.message, problem.subtype, f"{path}:{problem.line}")
    setattr(app.env, ENV_ATTRIBUTE, structure)


def get_structure(env: BuildEnvironment) -> BookStructure:
    return getattr(env, ENV_ATTRIBUTE, None) or BookStructure()


def root_fingerprint(env: BuildEnvironment) -> tuple[object, ...]:
    """What the table of contents on the root document depends on."""
    structure = get_structure(env)
    return tuple(
        (e.docname, e.kind, e.part.caption if e.part else None, e.docname in env.found_docs)
        for e in structure.entries
    )


def fingerprint(env: BuildEnvironment, docname: str) -> tuple[object, ...]:
    if docname == env.config.root_doc:
        return root_fingerprint(env)
    return get_structure(env).fingerprint(docname, env.found_docs)


def outdated_by_structure(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the documents whose label, Next link or contents changed.

    Also the place to report listed documents that have no file, since the
    set of found documents is known here on every build.
    """
    structure = get_structure(env)
    path = structure_path(app)
    for entry in structure.entries:
        if entry.docname not in env.found_docs:
            warn(f"{entry.docname!r} is listed but has no source file", "missing", f"{path}:{entry.line}")
    recorded = env.get_domain("book").data["fingerprints"]
    return [
        docname
        for docname in env.found_docs
        if docname in recorded and recorded[docname] != fingerprint(env, docname)
    ]
