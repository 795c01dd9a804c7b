"""One warning type for the extension, with documented subtypes.

Subtypes (all ``facts.<subtype>``, see AUTHORING.md "Facts and numbers"):
``unknown`` (a role, table row or formula names no fact; the message suggests
the closest key), ``uncited`` (a fact has no ``cite``), ``unknown-cite`` (a
fact's ``cite`` is no key in bib/), ``units`` (a value, unit or formula whose
units do not agree), ``cycle`` (formulas that depend on themselves),
``syntax`` (the registry or a role cannot be read: TOML, keys, fields,
formulas outside the allowed grammar, format specifications),
``hand-typed`` (a number typed in prose that equals a registry value in the
same unit; use the role), ``diagram`` (a diagram label that names a fact with
``data-fact="key"`` does not show the fact's value).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("facts")
