"""Rewrite pandoc-era lines as each document is read, and report what does not fit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from exts.book_structure.loading import get_structure

from .lines import NumberedTitle, rewrite
from .logging import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .citations import Matcher, Unmatched

ENV_MATCHER = "legacy_citation_matcher"


def load_citations(app: Sphinx) -> None:
    """With the works_cited extension loaded, match written citations against bib/."""
    if "exts.works_cited" not in app.extensions:
        return
    from .citations import Matcher

    entries = app.env.get_domain("cite").bibdata.data.entries.values()
    setattr(app.env, ENV_MATCHER, Matcher(entries))


def rewrite_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: rewrite in memory (never on disk), line for line."""
    matcher: Matcher | None = getattr(app.env, ENV_MATCHER, None)
    unmatched: list[Unmatched] = []

    def prose(line: str, number: int) -> str:
        if matcher is None or "[Source:" not in line:
            return line
        from .citations import convert_line

        for bibfile in app.config.bibtex_bibfiles:
            app.env.note_dependency(str(Path(app.confdir) / bibfile))
        text, problems = convert_line(line, number, matcher)
        unmatched.extend(problems)
        return text

    source[0], titles = rewrite(source[0], prose)
    check_titles(app, docname, titles)
    for problem in unmatched:
        warn(problem.message, "citation", (docname, problem.line))


def check_titles(app: Sphinx, docname: str, titles: list[NumberedTitle]) -> None:
    """A typed ``# Chapter N:`` must agree with book.toml."""
    entry = get_structure(app.env).get(docname)
    for title in titles:
        typed = f"{title.kind} {title.label}"
        actual = entry.label_text if entry else ""
        if typed != actual:
            where = f"book.toml makes it {actual}" if actual else "book.toml gives it no number"
            warn(
                f"the title says {typed!r} but {where}; write the title without a number",
                "chapter-number",
                (docname, title.line),
            )
