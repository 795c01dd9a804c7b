"""One warning type for the extension, with documented subtypes.

Subtypes: ``syntax`` and ``unreadable`` (book.toml cannot be used),
``duplicate`` (a document listed twice), ``missing`` (a listed document
has no file), ``unlisted`` (a document in a book folder is not listed),
``unknown-chapter`` (a chapter reference names no document), ``no-title``
(a listed document has no heading), ``encoding`` (a document is not UTF-8),
``circular-include`` (a document includes itself, directly or not),
``duplicate-slug`` (two listed documents end in the same name, so a
``{chapter}`` reference to it would be ambiguous), ``root-listed`` (book.toml
lists the root document; the entry is ignored).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("book")
