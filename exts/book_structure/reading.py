"""Reading the book's files safely: bad bytes and circular includes are warnings.

Sphinx 9 stops with "Encoding error!" on a source file that is not UTF-8, and
MyST's ``include`` directive recurses until Python's recursion limit when a
file includes itself. Both become one located ``book.*`` warning: undecodable
bytes are read as U+FFFD (as Sphinx did before version 8), and an include
that would recur is left empty.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .logging import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LENIENT = "book_utf_8_lenient"
MAX_INCLUDES = 50  # of one file while reading one document: deeper is a cycle


class LenientDecoder(encodings.utf_8_sig.IncrementalDecoder):
    """UTF-8 (with or without BOM); undecodable bytes become U+FFFD."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def lenient_decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    return encodings.utf_8_sig.decode(data, "replace")


def find_lenient(name: str) -> codecs.CodecInfo | None:
    if name != LENIENT:
        return None
    return codecs.CodecInfo(
        encodings.utf_8_sig.encode,
        lenient_decode,
        incrementalencoder=encodings.utf_8_sig.IncrementalEncoder,
        incrementaldecoder=LenientDecoder,
        name=LENIENT,
    )


codecs.register(find_lenient)


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: warn at the first undecodable byte of each document."""
    if codecs.lookup(env.settings["input_encoding"]).name not in ("utf-8", "utf-8-sig", LENIENT):
        return  # the project chose another encoding
    env.settings["input_encoding"] = LENIENT
    for docname in docnames:
        data = Path(env.doc2path(docname)).read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            warn(
                f"not UTF-8 ({err.reason}, byte {data[err.start]:#04x}): undecodable bytes "
                "are shown as \ufffd; save the file as UTF-8",
                "encoding",
                (docname, line),
            )


INCLUDED = "book_structure_includes"  # per-document read state (Sphinx resets it per document)


def guard_include(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include-read``: an include of the document itself, or a cycle, is left empty."""
    env = app.env
    source = Path(env.doc2path(env.current_document.docname)).resolve()
    path = Path(env.srcdir, relative_path).resolve()
    counts: dict[Path, int] = env.current_document.setdefault(INCLUDED, {})
    counts[path] = counts.get(path, 0) + 1
    if path != source and counts[path] <= MAX_INCLUDES:
        return
    if counts[path] in (1, MAX_INCLUDES + 1):
        warn(
            f"circular include: {relative_path.as_posix()} includes itself (directly or through "
            "other files); the include is left empty",
            "circular-include",
            (env.current_document.docname, include_line(source, path.name)),
        )
    content[0] = ""


def include_line(source: Path, name: str) -> int:
    """The line of the first ``include`` directive in ``source`` naming ``name`` (else 1)."""
    pattern = re.compile(r"\{include\}.*" + re.escape(name))
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((n for n, line in enumerate(lines, start=1) if pattern.search(line)), 1)
