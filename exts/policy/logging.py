"""One warning type for the extension, with documented subtypes.

Subtypes (all ``policy.<subtype>``, see AUTHORING.md "Security policy"):
``outside`` (an ``include`` or ``literalinclude`` names a file that resolves
outside the repository: it is not read), ``raw`` (raw HTML or LaTeX, or any
other raw format, in a document: it is removed unless ``policy_raw_formats``
lists the format).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("policy")
