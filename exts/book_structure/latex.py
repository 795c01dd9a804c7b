"""Book divisions in LaTeX: front matter, ``\\part`` pages, appendices, back matter.

The LaTeX builder inlines every document at a ``start_of_file`` node; this
post-transform puts the book-class division commands in front of the right
ones. Chapters are numbered by LaTeX itself, continuously across parts; the
appendices and the back matter each get a part-level line in the Contents and
the bookmarks ("Appendices", "Back Matter").
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .loading import get_structure
from .model import BookStructure, Entry


# Sphinx numbers figures, tables and listings "<chapter number>.<n>" with
# \arabic{chapter}, which gives "1.1" in appendix A; \thechapter gives "A.1".
NUMBERS_BY_CHAPTER_LABEL = r"""\makeatletter
\renewcommand{\thefigure}{\ifnum\c@chapter>\z@\thechapter.\fi\arabic{figure}}
\renewcommand{\thetable}{\ifnum\c@chapter>\z@\thechapter.\fi\arabic{table}}
\renewcommand{\theliteralblock}{\ifnum\c@chapter>\z@\thechapter.\fi\arabic{literalblock}}
\makeatother
"""


class LatexDivisions(SphinxPostTransform):
    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        structure = get_structure(self.env)
        self.document.insert(0, nodes.raw("", NUMBERS_BY_CHAPTER_LABEL, format="latex"))
        for start in list(self.document.findall(addnodes.start_of_file)):
            entry = structure.get(start["docname"])
            commands = division_commands(entry, structure) if entry else []
            if commands:
                raw = nodes.raw("", "\n".join(commands) + "\n", format="latex")
                start.parent.insert(start.parent.index(start), raw)


def division_commands(entry: Entry, structure: BookStructure) -> list[str]:
    """The LaTeX commands that open the division ``entry`` starts, if any."""
    first_of_kind = structure.of_kind(entry.kind)[0] is entry
    if entry.kind == "front" and first_of_kind:
        return [r"\frontmatter"]
    if entry.kind == "chapter" and entry.part and structure.in_part(entry.part)[0] is entry:
        opening = [r"\mainmatter"] if first_of_kind else []
        return [*opening, rf"\part{{{escape_latex(entry.part.title)}}}"]
    if entry.kind == "appendix" and first_of_kind:
        return [r"\appendix", *group_entry("Appendices")]
    if entry.kind == "back" and first_of_kind:
        # Back-matter tables are "Table 1", "Table 2", not numbered in the appendix.
        return [r"\backmatter", r"\setcounter{chapter}{0}\setcounter{table}{0}", *group_entry("Back Matter")]
    return []


def group_entry(title: str) -> list[str]:
    """A part-level line in the Contents and the PDF bookmarks, without a part page.

    The appendices and the back matter are their own groups there, instead of
    sitting under the last part.
    """
    return [r"\cleardoublepage\phantomsection", rf"\addcontentsline{{toc}}{{part}}{{{title}}}"]


def escape_latex(text: str) -> str:
    specials = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
    return "".join(specials.get(char, char) for char in text)
