"""The EPUB cover: an SVG drawn from the book's title, subtitle and author.

Nothing but this module makes it (no fonts to embed, no image tools), and the
same configuration always gives the same bytes, so builds are reproducible.
"""

from __future__ import annotations

import html
import textwrap

WIDTH, HEIGHT = 1600, 2560
BACKGROUND = "#13294b"
ACCENT = "#e0a526"
TEXT = "#ffffff"
MUTED = "#c9d6ea"


def lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def text_block(
    words: list[str], y: float, size: int, line_height: float, weight: str, fill: str, family: str
) -> tuple[str, float]:
    """``<text>`` elements, one per line, centred; returns them and the next free y."""
    parts = []
    for line in words:
        y += size * line_height
        parts.append(
            f'<text x="{WIDTH // 2}" y="{y:.0f}" font-size="{size}" font-weight="{weight}" '
            f'fill="{fill}" font-family="{family}" text-anchor="middle">{html.escape(line)}</text>'
        )
    return "\n  ".join(parts), y


def cover_svg(title: str, subtitle: str, author: str) -> str:
    """The cover as a standalone SVG document (1600 x 2560, the usual e-book ratio)."""
    sans = "'DejaVu Sans', 'Liberation Sans', Helvetica, Arial, sans-serif"
    serif = "'DejaVu Serif', 'Liberation Serif', Georgia, serif"
    title_text, y = text_block(lines(title, 16), 520, 150, 1.2, "bold", TEXT, sans)
    rule_y = y + 110
    subtitle_text, _y = text_block(lines(subtitle, 30), rule_y + 60, 78, 1.35, "normal", MUTED, serif)
    author_text, _y = text_block([author], HEIGHT - 380, 96, 1.0, "normal", TEXT, sans)
    label = html.escape(f"{title}: {subtitle}, by {author}", quote=True)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">
  <title>{label}</title>
  <rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>
  <rect x="0" y="0" width="{WIDTH}" height="48" fill="{ACCENT}"/>
  <rect x="0" y="{HEIGHT - 48}" width="{WIDTH}" height="48" fill="{ACCENT}"/>
  {title_text}
  <rect x="{WIDTH // 2 - 220}" y="{rule_y:.0f}" width="440" height="12" fill="{ACCENT}"/>
  {subtitle_text}
  {author_text}
</svg>
"""
