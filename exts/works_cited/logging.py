"""One warning type for the extension, with documented subtypes.

Subtypes (all ``works-cited.<subtype>``, see AUTHORING.md "Citations"):
``unknown-key`` (a citation names no entry in bib/), ``no-url`` (an entry has
neither ``url`` nor ``doi``), ``unsafe-url`` (a ``url`` that is not http(s) or a
``doi`` that is not a DOI: the field is dropped, never linked), ``unused`` (an entry nothing cites),
``malformed-bib`` (a .bib file cannot be parsed), ``expansion`` (an
``@string`` macro or a field expands past 100,000 characters: the file is not
read), ``outside`` (a .bib file
resolves outside the repository, through a symlink: not read), ``duplicate-key`` (two
entries share a key), ``duplicate-work`` (two keys name one work),
``malformed-citation`` (a cite role's keys are not
comma-separated).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("works-cited")
