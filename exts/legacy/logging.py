"""One warning type for the extension, with documented subtypes.

Subtypes: ``chapter-number`` (``# Chapter N: Title`` disagrees with
book.toml), ``next-link`` (a written ``**Next: ...**`` link disagrees with
the structure; the generated one replaces it either way), ``book1-callout``
(a ``> **From Book 1:**`` quote names no single Book 1 chapter),
``citation`` (a ``[Source: ...]`` part names no bib entry, or several),
``references`` (a written References section; the generated one replaces it).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("legacy")
