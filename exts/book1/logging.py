"""One warning type for the extension, with documented subtypes.

Subtypes: ``registry`` (bib/book1.toml cannot be used), ``unknown-key`` (a
``book1`` reference or ``from-book1`` callout names no Book 1 chapter),
``config`` (a ``book1_*`` configuration value has the wrong type).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("book1")
