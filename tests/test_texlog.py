"""tools/texlog.py: TeX's log summarised, each problem at its chapter and section."""

from __future__ import annotations

from tools.texlog import Locator, summarise

TEX = r"""\chapter{Preface}
\label{\detokenize{front/preface::doc}}
text
\chapter{The Serving Problem}
\label{\detokenize{chapters/the-serving-problem::doc}}
\section{Overview}
\label{\detokenize{chapters/the-serving-problem:overview}}
a long line
"""

LOG = r"""This is XeTeX
Overfull \hbox (12.5pt too wide) in paragraph at lines 8--8
Overfull \hbox (12.5pt too wide) detected at line 8
Overfull \hbox (0.4pt too wide) in paragraph at lines 3--3
Overfull \vbox (3.25pt too high) has occurred while \output is active at lines 2--2
LaTeX Warning: Reference `chapters/x:nowhere' on page 4 undefined on input line 9.
Missing character: There is no ☃ in font FreeSerif:mapping=tex-text;!
! Undefined control sequence.
"""


def test_locator_maps_a_tex_line_to_document_and_section() -> None:
    locate = Locator(TEX)
    assert locate(1) == "front matter"
    assert locate(3) == "front/preface.md"
    assert locate(8) == "chapters/the-serving-problem.md, section 'overview'"


def test_summary_counts_locates_and_deduplicates() -> None:
    lines, errors = summarise(LOG, Locator(TEX))
    assert errors == 1
    assert lines == [
        "TeX: 1 errors, 2 overfull boxes over 1 pt (3 in all, worst 12.5 pt), "
        "1 undefined references, 1 missing characters",
        "  error: Undefined control sequence.",
        "  overfull \\hbox 12.5 pt: chapters/the-serving-problem.md, section 'overview' (.tex line 8)",
        "  overfull \\vbox 3.2 pt: front/preface.md (.tex line 2)",
        "  undefined reference: chapters/x:nowhere",
        "  missing character: ☃",
    ]
