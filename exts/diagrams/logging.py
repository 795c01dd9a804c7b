"""One warning type for the extension, with documented subtypes.

Source files: ``missing`` (no such diagram file, or not .svg/.html under the
diagrams folder), ``outside`` (the file resolves outside the source folder,
through a symlink: not read), ``unreadable`` (too large, too deeply nested, too many
elements, not UTF-8, not well-formed XML), ``unsafe-xml`` (a DTD or entity
declaration: the file is refused), ``no-svg`` (no ``<svg>`` element), ``several-svg`` (an HTML file
wraps more than one).

Sanitizing (the offending part is removed; allow-lists in allowlist.py and
cssfilter.py): ``script`` (``<script>``, event handler attributes in any case,
``javascript:`` URLs, ``<set>``/``<animate>`` of ``href`` or an event handler,
a ``<script>`` in an HTML wrapper), ``external`` (a reference to anything
outside the file: ``href``, ``srcset``, ``ping``, CSS ``url()``/``image-set()``,
``@import``, ``<?xml-stylesheet?>``, a ``<link>`` in an HTML wrapper),
``foreign-object`` (``<foreignObject>`` or a non-SVG element), ``attribute`` (an
attribute outside the allow-list, or an animation of one), ``css`` (a CSS
property, function, selector or at-rule outside the allow-list), ``text-only``
(markup inside ``<desc>``, ``<title>`` or ``<style>``).

Lints: ``viewbox``, ``webfont``, ``font``, ``text-size``, ``title-gap``,
``text-outside``, ``text-overlap``, ``print-size`` (the smallest text would
print under ``diagrams_min_print_size`` pt at the print text width
``diagrams_print_width``; both in conf.py).

Directive and book: ``alt`` (no alt text), ``caption`` (no caption),
``unreferenced`` (a file in the diagrams folder no page uses), ``converter``
(no SVG-to-PDF converter for the LaTeX build, or a conversion failed).
"""

from __future__ import annotations

from exts.warnings import warning_type

warn = warning_type("diagram")
