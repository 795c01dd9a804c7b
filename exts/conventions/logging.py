"""One warning type for the extension, with documented subtypes.

Subtypes: ``missing-section`` (a required section or Bridging the Gap
subsection is absent), ``section-order`` (required sections out of order or
out of place), ``heading-depth`` (a heading deeper than ``####``),
``hardcoded-number`` ("Chapter 7", "Ch. 7", "Figure 3.2", "Table 1.1",
"Appendix A" typed as text), ``placeholder`` (TODO, TBD, XXX, lorem ipsum in
a draft or later), ``opener-diagram`` (a draft or later chapter has no
diagram before its Overview), ``table-caption`` (a table without a caption,
so it has no number: every table of the book is numbered and captioned).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("conventions")
