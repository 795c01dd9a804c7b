"""One warning type for the extension, with documented subtypes.

Subtypes: ``missing`` (a front matter, chapter or appendix document declares
no status), ``unknown`` (a status other than outline, draft, review, final),
``targets`` (the targets file cannot be used).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("status")
