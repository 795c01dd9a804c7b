"""Located, suppressible warnings: one warning type per extension.

Each extension's ``logging`` module documents its subtypes and makes its
``warn`` with :func:`warning_type`; every warning goes through Sphinx's logger
with ``type`` and ``subtype`` (so ``-W`` fails on it, ``suppress_warnings``
can silence one kind on purpose, and Sphinx prints ``[type.subtype]``) and a
location (a node, ``(docname, line)`` or ``"path:line"``).
"""

from __future__ import annotations

from collections.abc import Callable

from sphinx.util import logging

Warn = Callable[[str, str, object], None]


def warning_type(name: str) -> Warn:
    """The ``warn(message, subtype, location)`` function of warning type ``name``."""
    logger = logging.getLogger(f"exts.{name}")

    def warn(message: str, subtype: str, location: object) -> None:
        logger.warning(message, type=name, subtype=subtype, location=location)

    warn.__doc__ = f"Emit a located, suppressible ``{name}.<subtype>`` warning."
    return warn
