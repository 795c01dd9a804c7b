"""Unit tests written against mutants (issue 20): each names the one-line bug it catches.

Every expectation is written here by hand (an independent oracle), never
computed by the code under test. These run in well under a second, so
``make mutation`` runs them for every mutant.
"""

from __future__ import annotations

import pytest
from pybtex.database import parse_string

from exts.book1.domain import Book1Domain, Book1Ref
from exts.book_structure.latex import escape_latex
from exts.conventions.sections import Heading, Problem, check_required
from exts.diagrams.domain import DiagramDomain, DiagramRecord
from exts.diagrams.lints import lint
from exts.diagrams.loading import parse_svg
from exts.diagrams.sanitize import sanitize
from exts.legacy.citations import Matcher, Unmatched, convert_line
from exts.status.model import DocStats, Row, Target, markdown_table, totals

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" font-family="Arial">\n{}\n</svg>'


def removed(body: str) -> list[tuple[str, str, int]]:
    document, problems = parse_svg(SVG.format(body))
    assert document is not None, problems
    return [(p.subtype, p.message, p.line) for p in sanitize(document)]


def linted(body: str) -> list[tuple[str, str, int]]:
    document, problems = parse_svg(SVG.format(body))
    assert document is not None, problems
    return [(p.subtype, p.message, p.line) for p in lint(document)]


# -- book_structure/latex.py ------------------------------------------------------


def test_escape_latex_escapes_every_special_character() -> None:
    """Catches: ``&`` (or any other special) dropped from ``escape_latex``.

    A part titled "Scale & Cost" would otherwise break xelatex (an alignment tab).
    """
    assert escape_latex("Scale & Cost") == r"Scale \& Cost"
    assert escape_latex("100% of $5 #1 a_b {x}") == r"100\% of \$5 \#1 a\_b \{x\}"
    assert escape_latex("plain text") == "plain text"


# -- diagrams/sanitize.py (the allow-list sanitizer of issue 12) -------------------


@pytest.mark.parametrize("name", ["onclick", "ONCLICK", "OnLoad", "onmouseover"])
def test_event_handlers_are_script_problems_in_any_case(name: str) -> None:
    """Catches: the event-handler check made case-sensitive (``name.startswith("on")``).

    HTML lowercases attribute names, so ``ONCLICK=`` is live on the website. The
    allow-list would still drop it, but as an unknown ``attribute``: the warning
    must say what it is, a script.
    """
    assert removed(f'<rect {name}="alert(1)" width="5"/>') == [
        ("script", f"event handler {name}= removed: diagrams cannot run code", 2)
    ]


@pytest.mark.parametrize(
    ("element", "target", "shown"),
    [
        ("set", "href", "href"),
        ("animate", "xlink:href", "href"),
        ("set", "HREF", "href"),
        ("animate", "h\tref", "href"),
        ("set", "onclick", "onclick"),
        ("animate", "ONload", "onload"),
    ],
)
def test_animating_href_or_a_handler_is_a_script_problem(element: str, target: str, shown: str) -> None:
    """Catches: ``<set>``/``<animate>`` of ``href`` or ``on*`` no longer reported as script.

    The ANIMATABLE allow-list would still remove it, under the wrong subtype.
    """
    assert removed(f'<{element} attributeName="{target}" to="javascript:x"/>') == [
        ("script", f"<{element}> of {shown}= removed: diagrams cannot run code", 2)
    ]


def test_animating_a_drawing_attribute_is_kept_and_style_is_not() -> None:
    """Catches: the ANIMATABLE check inverted or dropped (style= carries CSS)."""
    assert removed('<animate attributeName="fill" from="red" to="blue" dur="1s"/>') == []
    assert removed('<set attributeName="style" to="x"/>') == [
        ("attribute", "<set> of style= removed: it may animate drawing attributes only", 2)
    ]


# -- diagrams/lints.py: text size --------------------------------------------------


def test_points_are_converted_to_pixels_as_four_thirds() -> None:
    """Catches: the pt-to-px conversion inverted (``* 3 / 4``) in the text-size lint.

    9pt is 12px (allowed); 7pt is 9.33px (too small); 10px is the minimum.
    """
    assert linted('<text x="20" y="80" font-size="9pt">a</text>') == []
    assert linted('<text x="20" y="80" font-size="7pt">a</text>') == [
        ("text-size", "text is 9.33333px; the minimum is 10px", 2)
    ]
    assert linted('<text x="20" y="80" font-size="10px">a</text>') == []
    assert linted('<text x="20" y="80" font-size="9.5">a</text>') == [
        ("text-size", "text is 9.5px; the minimum is 10px", 2)
    ]


def test_a_small_tspan_is_reported_at_its_line() -> None:
    """Catches: ``<tspan>`` sizes ignored (only the ``<text>`` element's own size checked)."""
    body = '<text x="20" y="80" font-size="12">big\n<tspan font-size="8">small</tspan></text>'
    assert linted(body) == [("text-size", "text is 8px; the minimum is 10px", 3)]


# -- book1/domain.py and diagrams/domain.py: clear_doc ----------------------------


def test_book1_domain_forgets_a_cleared_document() -> None:
    """Catches: ``clear_doc`` no longer purging a document's Book 1 references.

    After an incremental build the generated table would keep a deleted chapter.
    """
    domain = object.__new__(Book1Domain)
    domain.data = {
        "refs": {"a": [Book1Ref("a", "network", 3)], "b": [Book1Ref("b", "gpu", 5)]},
        "pages": {"a": True, "b": True},
        "signature": None,
    }
    domain.clear_doc("a")
    assert domain.data["refs"] == {"b": [Book1Ref("b", "gpu", 5)]}
    assert domain.data["pages"] == {"b": True}
    domain.clear_doc("never-read")  # no KeyError


def test_diagram_domain_forgets_a_cleared_document() -> None:
    """Catches: ``clear_doc`` no longer purging a document's diagrams (List of Diagrams)."""
    record = DiagramRecord("b", 4, "b/x.svg", "fig-x", "X", "abc")
    domain = object.__new__(DiagramDomain)
    domain.data = {
        "diagrams": {"a": [DiagramRecord("a", 3, "a/y.svg", "", "", "")], "b": [record]},
        "inventories": {"a", "back/diagrams"},
        "captions": {"a": {"fig-y": []}, "b": {"fig-x": []}},
    }
    domain.clear_doc("a")
    assert domain.data["diagrams"] == {"b": [record]}
    assert domain.data["inventories"] == {"back/diagrams"}
    assert domain.data["captions"] == {"b": {"fig-x": []}}
    assert domain.records() == [record]
    domain.clear_doc("never-read")


# -- conventions/sections.py ------------------------------------------------------


def chapter(*titles: str) -> Heading:
    """A chapter whose ``##`` sections are ``titles``, on lines 3, 5, 7...

    Bridging the Gap, when present, has both of its ``###`` subsections.
    """
    top = Heading(1, "Chapter", 1)
    for n, title in enumerate(titles):
        heading = Heading(2, title, 3 + 2 * n)
        if " ".join(title.split()).lower() == "bridging the gap":
            heading.children = [Heading(3, "From the ML side", 100), Heading(3, "From the API side", 101)]
        top.children.append(heading)
    return top


def test_a_chapter_in_the_planned_order_has_no_problem() -> None:
    assert check_required("chapter", chapter("Overview", "Bridging the Gap", "Core", "Common Pitfalls", "Summary")) == []


def test_bridging_the_gap_must_directly_follow_the_overview() -> None:
    """Catches: the "next" position rule disabled (``elif rule.position == "next"`` dropped)."""
    top = chapter("Overview", "Background", "Bridging the Gap", "Common Pitfalls", "Summary")
    assert check_required("chapter", top) == [
        Problem("section-order", "'## Bridging the Gap' must directly follow '## Overview'", 7)
    ]


def test_summary_must_be_the_last_section() -> None:
    """Catches: the "last" position rule disabled or off by one."""
    top = chapter("Overview", "Bridging the Gap", "Common Pitfalls", "Summary", "Further Reading")
    assert check_required("chapter", top) == [
        Problem("section-order", "'## Summary' must be the last section of the document", 9)
    ]
    appendix = chapter("Overview", "Summary", "Notes")
    assert check_required("appendix", appendix) == [
        Problem("section-order", "'## Summary' must be the last section of the document", 5)
    ]


def test_titles_match_whatever_their_case_and_spacing() -> None:
    """Catches: the title comparison made exact (``normal`` no longer casefolding/collapsing)."""
    top = chapter("overview", "Bridging  the   gap", "COMMON PITFALLS", "Summary")
    assert check_required("chapter", top) == []


# -- status/model.py --------------------------------------------------------------


def stats(words: int, diagrams: int, citations: set[str], book1: set[str], status: str | None = "draft") -> DocStats:
    return DocStats(status, words, diagrams, frozenset(citations), frozenset(book1))


def test_total_citations_count_distinct_sources_not_chapter_sums() -> None:
    """Catches: the Total row summing per-chapter counts instead of counting distinct sources.

    Two chapters cite ``kwon`` (and both refer to Book 1's ``network``): the book
    cites 3 sources, not 4, and 2 Book 1 chapters, not 3.
    """
    rows = [
        Row("1", "One", "one", stats(10, 1, {"kwon", "yu"}, {"network"}), Target((5, 20), 2)),
        Row("2", "Two", "two", stats(7, 2, {"kwon", "google"}, {"network", "gpu"}), None),
    ]
    assert totals(rows) == ("", "Total", "", "17", "3", "3", "2")
    assert markdown_table(rows) == (
        "| Ch | Title | Status | Words | Diagrams | Citations | Book 1 refs |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        "| 1 | One | draft | 10 / 5-20 | 1 / 2 | 2 | 1 |\n"
        "| 2 | Two | draft | 7 | 2 | 2 | 2 |\n"
        "|  | Total |  | 17 | 3 | 3 | 2 |\n"
    )
    assert totals([]) == ("", "Total", "", "0", "0", "0", "0")


# -- legacy/citations.py ----------------------------------------------------------

BIB = parse_string(
    "@misc{a1, author={Kwon, W. and Li, Z. and Zhuang, S.}, title={Paged}, year={2023}}\n"
    "@misc{g1, author={{Google}}, title={Alpha}, year={2024}}\n",
    "bibtex",
)


def test_a_citation_with_one_unknown_source_is_left_as_written() -> None:
    """Catches: ``[Source: A; Unknown]`` converted to a citation of A alone.

    The unknown part would be dropped without a trace; the line must stay as
    written, with one problem for the part that names nothing.
    """
    matcher = Matcher(BIB.entries.values())
    line = "as shown [Source: Kwon et al., 2023; Nobody, 1999]."
    converted, problems = convert_line(line, 7, matcher)
    assert converted == line
    assert problems == [Unmatched(7, "Nobody, 1999", (), several=False)]
    assert problems[0].message == (
        "[Source: Nobody, 1999] matches no bib entry (candidates: none); write {cite:p}`key`"
    )


def test_every_known_part_converts_and_a_repeated_key_is_cited_once() -> None:
    """Catches: the key list not de-duplicated, or the join separator changed."""
    matcher = Matcher(BIB.entries.values())
    converted, problems = convert_line("[Source: Kwon et al., 2023; Google, 2024; Kwon, 2023]", 1, matcher)
    assert (converted, problems) == ("{cite:p}`a1,g1`", [])


def test_a_near_miss_names_its_candidates() -> None:
    """Catches: ``near`` no longer offering the same first author (or the same year)."""
    matcher = Matcher(BIB.entries.values())
    _, problems = convert_line("[Source: Kwon et al., 2021]", 2, matcher)
    assert problems == [Unmatched(2, "Kwon et al., 2021", ('a1 ("Kwon et al., 2023", "Paged")',), several=False)]
    _, problems = convert_line("[Source: Somebody, 2024]", 3, matcher)
    assert problems == [Unmatched(3, "Somebody, 2024", ('g1 ("Google, 2024", "Alpha")',), several=False)]


# -- functions no fast test reached (mutmut's "no tests") -------------------------


def test_prose_words_count_only_the_authors_words() -> None:
    """Catches: code, titles or generated classes counted as prose; punctuation counted as words."""
    from docutils import nodes

    from exts.status.counting import prose_words

    section = nodes.section(
        "",
        nodes.title("", "Not Counted Title"),
        nodes.paragraph("", "Two words, and 3 more — here."),
        nodes.literal_block("", "code is not prose"),
        nodes.paragraph("", "Next: generated", classes=["book-next"]),
        nodes.paragraph("", "", nodes.Text("one "), nodes.emphasis("", "two")),
    )
    assert prose_words(section) == 8  # Two words, and 3 more here / one two


def test_document_stats_counts_diagrams_citations_and_book1_refs() -> None:
    """Catches: prefixed cite keys kept, citation_reference ignored, non-diagram figures counted."""
    from docutils import nodes
    from docutils.utils import new_document
    from sphinx import addnodes

    from exts.status.counting import citation_keys, document_stats

    doctree = new_document("chapters/a.md")
    doctree += nodes.figure("", classes=["diagram"])
    doctree += nodes.figure("", classes=["photo"])
    doctree += nodes.figure("", classes=["diagram", "wide"])
    paragraph = nodes.paragraph("", "Cited twice.")
    paragraph += addnodes.pending_xref("", refdomain="cite", reftarget="")  # malformed: skipped, not the end
    paragraph += addnodes.pending_xref("", refdomain="cite", reftarget="chapters-a:kwon,chapters-a:yu")
    paragraph += addnodes.pending_xref("", refdomain="cite", reftarget="chapters-a:kwon")
    paragraph += nodes.citation_reference("", "")  # no refname
    paragraph += addnodes.pending_xref("", refdomain="book1", reftarget="network")
    paragraph += addnodes.pending_xref("", refdomain="std", reftarget="other")
    paragraph += nodes.citation_reference("", "", refname="smith")
    doctree += paragraph
    assert citation_keys(doctree, "chapters/a") == {"kwon", "yu", "smith"}
    stats = document_stats(doctree, "chapters/a", "draft")
    assert stats == DocStats("draft", 2, 2, frozenset({"kwon", "yu", "smith"}), frozenset({"network"}))


def test_is_written_means_draft_or_later() -> None:
    from exts.status.model import is_written

    assert [is_written(s) for s in ("outline", "draft", "review", "final", None, "done")] == [
        False, True, True, True, False, False,
    ]


def test_did_you_mean_names_one_or_two_candidates_or_nothing() -> None:
    from exts.suggestions import did_you_mean

    assert did_you_mean("kwon2023", ["kwon2024", "zzz"]) == "; did you mean 'kwon2024'?"
    assert did_you_mean("abcd", ["abce", "abcf"]) == "; did you mean 'abce' or 'abcf'?"
    assert did_you_mean("kwon", ["completely-different"]) == ""


def test_too_deep_lists_headings_below_level_four_in_order() -> None:
    from exts.conventions.sections import too_deep

    five = Heading(5, "Five", 9, [Heading(6, "Six", 10)])
    top = Heading(1, "T", 1, [Heading(2, "A", 2, [Heading(3, "B", 3, [Heading(4, "C", 4, [five])])])])
    assert [h.title for h in too_deep(top)] == ["Five", "Six"]
    assert too_deep(top, deepest=5) == [five.children[0]]


def test_external_urls_and_their_removal() -> None:
    """Catches: a local ``url(#id)`` treated as external, or an ``@import`` kept."""
    from exts.diagrams.css import external_urls, without_external

    sheet = '@import "x.css";\nrect { fill: url(#grad); stroke: url(https://e.test/a.svg) } /* url(c) */'
    assert external_urls(sheet) == ['@import "x.css";', "https://e.test/a.svg"]
    assert without_external(sheet) == "\nrect { fill: url(#grad); stroke: none } "


def test_texlog_main_prints_the_summary_and_fails_on_errors(tmp_path, capsys) -> None:
    """Catches: main() exiting 0 despite TeX errors, or not reading the .tex beside the log."""
    from tools.texlog import main

    (tmp_path / "book.tex").write_text("\\chapter{A}\n\\label{\\detokenize{chapters/a::doc}}\nx\n", encoding="utf-8")
    (tmp_path / "book.log").write_text(
        "Overfull \\hbox (5.0pt too wide) in paragraph at lines 3--3\n! Missing $ inserted.\n", encoding="utf-8"
    )
    assert main([str(tmp_path / "book.log")]) == 1
    assert capsys.readouterr().out == (
        "TeX: 1 errors, 1 overfull boxes over 1 pt (1 in all, worst 5.0 pt), 0 undefined references,"
        " 0 missing characters\n"
        "  error: Missing $ inserted.\n"
        "  overfull \\hbox 5.0 pt: chapters/a.md (.tex line 3)\n"
    )
    (tmp_path / "book.log").write_text("This is XeTeX\n", encoding="utf-8")
    assert main([str(tmp_path / "book.log")]) == 0


# -- works_cited/duplicates.py ----------------------------------------------------


def test_normalisations_of_doi_url_and_text() -> None:
    """Catches: a prefix, case, ``www.``, slash, query or accent rule dropped from a normaliser."""
    from exts.works_cited.duplicates import normal_doi, normal_text, normal_url

    assert normal_doi(" https://doi.org/10.1145/ABC ") == "10.1145/abc"
    assert normal_doi("http://dx.doi.org/10.1/X") == "10.1/x"
    assert normal_doi("DOI:10.1/x") == "10.1/x"
    assert normal_url(" HTTPS://WWW.Example.ORG/Path/?a=1#frag ") == "example.org/Path?a=1"
    assert normal_url("http://example.org/path/") == "example.org/path"
    assert normal_url("http://wwwx.org/") == "wwwx.org"
    assert normal_text("  {Café} -- Über_alles!  ") == "cafe uber alles"


def bib_entry(key: str, fields: dict[str, str], authors: list[str] = (), role: str = "author"):
    from pybtex.database import Entry, Person

    result = Entry("misc", fields=fields, persons={role: [Person(a) for a in authors]} if authors else {})
    result.key = key
    return result


def test_duplicate_works_by_doi_url_or_title_and_authors() -> None:
    """Catches: the first entry reported instead of the later one, a wrong location, or one
    identity (DOI in the url field, editors, title/author pair) no longer compared."""
    from pathlib import Path

    from exts.works_cited.duplicates import duplicate_works

    entries = {
        "a": bib_entry("a", {"doi": "10.1/X", "title": "Alpha"}, ["Kwon, W."]),
        "b": bib_entry("b", {"url": "https://doi.org/10.1/x", "title": "Other"}),
        "c": bib_entry("c", {"url": "https://www.e.org/p/", "title": "Gamma"}, ["Yu, G."]),
        "d": bib_entry("d", {"url": "http://e.org/p", "title": "Delta"}),
        "e": bib_entry("e", {"title": "{G}amma!"}, ["Yu, Gyeong-In"]),
        "f": bib_entry("f", {"title": "Gamma"}, ["Li, Z."]),
        "g": bib_entry("g", {"title": "Book"}, ["Smith, A."], role="editor"),
        "h": bib_entry("h", {"title": "book"}, ["Smith, Ann"], role="editor"),
        "i": bib_entry("i", {"title": ""}),
        "j": bib_entry("j", {"title": ""}),
    }
    lines = {"a": (Path("bib/one.bib"), 3), "c": (Path("bib/two.bib"), 9)}
    assert duplicate_works(entries, lines) == [
        ("b", "entry 'b' is the same work as 'a' (one.bib:3): same DOI; cite 'a' and delete this entry"),
        ("d", "entry 'd' is the same work as 'c' (two.bib:9): same URL; cite 'c' and delete this entry"),
        ("e", "entry 'e' is the same work as 'c' (two.bib:9): same title and authors; cite 'c' and"
              " delete this entry"),
        ("h", "entry 'h' is the same work as 'g' (bib:1): same title and authors; cite 'g' and delete"
              " this entry"),
    ]


# -- works_cited/labels.py ----------------------------------------------------------


def test_label_fallbacks_editors_title_key_and_no_year() -> None:
    """Catches: the editor, title or key fallback dropped, or "n.d." for a missing year changed."""
    from exts.works_cited.labels import authors, source_label, year

    assert source_label(bib_entry("x", {"year": "2020", "title": "T"}, ["Doe, J."], role="editor")) == "Doe, 2020"
    assert authors(bib_entry("y", {"title": "{GPU}  Serving "})) == "GPU Serving"
    assert authors(bib_entry("z", {})) == "z"
    assert year(bib_entry("z", {})) == "n.d."
    assert source_label(bib_entry("w", {"year": "{2021}"}, ["A, B.", "C, D."]), "b") == "A and C, 2021b"


def test_suffixes_sort_by_title_then_key_case_aside() -> None:
    """Catches: suffix letters not following the (case-folded) title, or a lone entry lettered."""
    from exts.works_cited.labels import sort_key, suffixes

    same = [
        bib_entry("k3", {"year": "2024", "title": "beta"}, ["{Google}"]),
        bib_entry("K1", {"year": "2024", "title": "Alpha"}, ["{Google}"]),
        bib_entry("k2", {"year": "2024", "title": "alpha"}, ["{Google}"]),
        bib_entry("solo", {"year": "2024", "title": "Zeta"}, ["{Amazon}"]),
    ]
    assert suffixes(same) == {"K1": "a", "k2": "b", "k3": "c", "solo": ""}
    assert sort_key(same[1]) == ("google", "2024", "alpha", "k1")


# -- works_cited/bibparse.py ------------------------------------------------------

ONE_BIB = """@comment{ignored, x}
@misc{kwon2023,
  title = {Paged},
  url = {https://e.org/a},
}
@misc{nolink,
  title = {No Link},
}
@misc{unsafe,
  title = {Unsafe},
  url = {javascript:alert(1)},
}
"""
TWO_BIB = """@misc{KWON2023,
  title = {Again},
  url = {https://e.org/b},
}
@misc{copy,
  title = {Copy},
  url = {https://www.e.org/a/},
}
@misc{open,
  title = {Open {brace},
  url = {https://e.org/c},
}
"""


def test_parse_bibfiles_reports_every_problem_at_its_file_and_line(tmp_path) -> None:
    """Catches: a problem dropped, mislocated or reported under another subtype; a broken,
    unsafe or repeated entry kept; a file that cannot be read stopping the others."""
    from exts.works_cited.bibparse import parse_bibfiles

    (tmp_path / "one.bib").write_text(ONE_BIB, encoding="utf-8")
    (tmp_path / "two.bib").write_text(TWO_BIB, encoding="utf-8")
    (tmp_path / "latin.bib").write_bytes(b"@misc{x,\n title = {Caf\xe9},\n}\n")
    names = ["one.bib", "two.bib", "latin.bib", "missing.bib"]
    parsed = parse_bibfiles([tmp_path / name for name in names], "utf-8")
    assert [(p.subtype, p.message, p.path.name, p.line) for p in parsed.problems] == [
        ("unsafe-url", "entry 'unsafe': url 'javascript:alert(1)' is not an http(s) URL: not linked", "one.bib", 11),
        ("malformed-bib", "malformed .bib: entry 'open' is never closed (unbalanced braces); entries after"
         " it are lost", "two.bib", 9),
        ("duplicate-key", "duplicate key 'KWON2023': already defined at one.bib:2; this entry is ignored",
         "two.bib", 1),
        ("malformed-bib", "cannot read latin.bib: not UTF-8 (invalid continuation byte); save the file as"
         " UTF-8", "latin.bib", 2),
        ("malformed-bib", "cannot read missing.bib: No such file or directory", "missing.bib", 1),
        ("no-url", "entry 'nolink' has neither a url nor a doi field", "one.bib", 6),
        ("duplicate-work", "entry 'copy' is the same work as 'kwon2023' (one.bib:2): same URL; cite"
         " 'kwon2023' and delete this entry", "two.bib", 5),
    ]
    assert parsed.problems[0].location == f"{tmp_path / 'one.bib'}:11"
    assert {path.name: keys for path, keys in parsed.keys.items()} == {
        "one.bib": ["kwon2023", "nolink", "unsafe"], "two.bib": ["copy"], "latin.bib": [], "missing.bib": [],
    }
    assert {key: (path.name, line) for key, (path, line) in parsed.lines.items()} == {
        "kwon2023": ("one.bib", 2), "nolink": ("one.bib", 6), "unsafe": ("one.bib", 9), "copy": ("two.bib", 5),
    }
    assert parsed.refused == {"unsafe"}
    assert sorted(parsed.data.entries) == ["copy", "kwon2023", "nolink", "unsafe"]
    assert "url" not in parsed.data.entries["unsafe"].fields


def test_entry_starts_and_unclosed_entries() -> None:
    """Catches: @comment/@string counted as entries, parenthesised entries missed, lines off by one."""
    from exts.works_cited.bibparse import entry_starts, unclosed_entry

    text = "@String{x = {y}}\n  @misc ( paren,\n title = {T})\n@ARTICLE{b,\n}\n@preamble{p}\n"
    assert entry_starts(text) == [(2, "paren"), (4, "b")]
    assert unclosed_entry(text) is None
    assert unclosed_entry("@misc(a,\n title = {T}\n@misc{b,\n}\n") == (1, "a")
    assert unclosed_entry("@misc{a,\n}\n@misc{b,\n title = {T\n") == (3, "b")


# -- diagrams/cssfilter.py: the CSS allow-list -------------------------------------

OUT = "points outside the file: removed"


@pytest.mark.parametrize(
    ("style", "kept", "removals"),
    [
        ("fill: red; stroke: url(#g); opacity: .5 !important", "fill: red; stroke: url(#g); opacity: .5 !important", []),
        ("FILL: Red", "fill: Red", []),
        ("fill: red; ; stroke: blue", "fill: red; stroke: blue", []),
        ("fill: url('#a')", 'fill: url("#a")', []),
        ("transform: rotate(calc(1deg * 2)); stroke-width: 1/2", "transform: rotate(calc(1deg * 2)); stroke-width: 1/2", []),
        ("background: red", "", [("css", "CSS property 'background' is not allowed: removed")]),
        ("fill: url(https://x/y)", "", [("external", f"fill: url('https://x/y') {OUT}")]),
        ("fill: url('#a b')", "", [("external", f"fill: url(...) {OUT}")]),
        ('fill: url("https://x")', "", [("external", f"fill: url(...) {OUT}")]),
        ("fill: image-set('a' 1x)", "", [("external", f"fill: image-set(...) {OUT}")]),
        ("fill: var(--x)", "", [("css", "fill: var() is not an allowed CSS function: removed")]),
        ("fill: rgb(1, 2, url(x))", "", [("external", f"fill: url('x') {OUT}")]),
        ("fill: {a}", "", [("css", "fill: {} block '{a}' is not allowed in a value: removed")]),
        ("@media x {}", "", [("css", "@media rule inside a declaration block removed")]),
        ("fill red", "", [("css", "malformed CSS (EOF reached before {} block for a qualified rule.) removed")]),
    ],
)
def test_style_attribute_declarations(style: str, kept: str, removals: list[tuple[str, str]]) -> None:
    """Catches: a property, value token or function wrongly allowed or refused, a removal's
    subtype (external vs css) or wording changed, ``!important`` or case handling lost."""
    from exts.diagrams.cssfilter import clean_declarations

    cleaned, found = clean_declarations(style)
    assert (cleaned, [tuple(r) for r in found]) == (kept, removals)


@pytest.mark.parametrize(
    ("sheet", "kept", "removals"),
    [
        ("rect { fill: red }\n.a > #b, text:hover { stroke: blue; behavior: x }",
         "rect { fill: red }\n.a > #b, text:hover { stroke: blue }",
         [("css", "CSS property 'behavior' is not allowed: removed")]),
        ("a[href] { fill: red }", "", [("css", "rule 'a[href]' removed: only names, classes and ids as selectors")]),
        ("{ fill: red }", "", [("css", "rule '' removed: only names, classes and ids as selectors")]),
        ("@import 'x.css';", "", [("external", '@import "x.css" removed: it loads from outside the file')]),
        ("@font-face { src: url(x) }", "", [("webfont", "web fonts (@font-face, @import) do not survive PDF conversion")]),
        ("@media all { rect { fill: red } }", "", [("css", "@media rule removed")]),
        ("@keyframes spin { from { opacity: 0 } 50% { fill: url(http://x) } to { opacity: 1 } }",
         "@keyframes spin { from { opacity: 0 } 50% {  } to { opacity: 1 } }",
         [("external", f"fill: url('http://x') {OUT}")]),
        ("@keyframes 'bad' { from { opacity: 0 } }", "", [("css", "@keyframes without a plain name removed")]),
        ("@keyframes spin { @media x {} to { fill: red } }", "@keyframes spin { to { fill: red } }",
         [("css", "@media rule in @keyframes removed")]),
        ("@keyframes spin;", "", [("css", "@keyframes rule removed")]),
    ],
)
def test_style_sheets(sheet: str, kept: str, removals: list[tuple[str, str]]) -> None:
    """Catches: a selector, at-rule or keyframe rule wrongly kept or removed, or misreported."""
    from exts.diagrams.cssfilter import clean_stylesheet

    cleaned, found = clean_stylesheet(sheet)
    assert (cleaned, [tuple(r) for r in found]) == (kept, removals)


def test_attribute_values_and_fragments() -> None:
    """Catches: a loader hidden in a function, a block or an @import passing as a plain value."""
    from exts.diagrams.cssfilter import attribute_problem, fragment

    assert [attribute_problem(v) for v in ["url(#a)", "URL('#a')", "red", "translate(1, 2)"]] == [None] * 4
    assert attribute_problem("url(x)") == "url('x') points outside the file"
    assert attribute_problem("url('x')") == "url(...) points outside the file"
    assert attribute_problem("image-set('a' 1x)") == "image-set(...) points outside the file"
    assert attribute_problem("@import 'x'") == "@import loads a style sheet"
    assert attribute_problem("f(url(x))") == "url('x') points outside the file"
    assert attribute_problem("[url(y)]") == "url('y') points outside the file"
    assert [fragment(x) for x in [" #a-b_c.d:e ", "#a b", "a", "#", "#a/"]] == [True, False, False, True, False]


# -- book1/registry.py --------------------------------------------------------------

REGISTRY = '''title = "Before"

[[chapter]]
key = "net"
number = 5
title = "Network & Co"
page = "network"

[[chapter]]
key = "gpu"
number = "6"
title = "GPU"

[[chapter]]
key = "net"
number = 7
title = "Again"

[[chapter]]
key = "nonum"
title = "No number"

[[appendix]]
key = "auth"
number = "A"
title = "Auth"
'''


def test_registry_entries_lookups_and_problems(tmp_path) -> None:
    """Catches: a twice-listed key or an entry without a number kept, a problem on the wrong
    line, the page defaulting to something else than the key, a lookup off by one."""
    from exts.book1.registry import load_registry

    path = tmp_path / "book1.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    registry, problems = load_registry(path)
    assert registry.title == "Before" and registry.path == str(path)
    assert [(c.key, c.kind, c.number, c.title, c.page, c.label) for c in registry.chapters] == [
        ("net", "Chapter", "5", "Network & Co", "network", "Chapter 5: Network & Co"),
        ("gpu", "Chapter", "6", "GPU", "gpu", "Chapter 6: GPU"),
        ("auth", "Appendix", "A", "Auth", "auth", "Appendix A: Auth"),
    ]
    assert [(p.message, p.line) for p in problems] == [
        ("key 'net' is listed twice", 14),
        ("chapter entry lacks number", 19),
    ]
    assert registry.numbered("Chapter", "6").key == "gpu"
    assert registry.numbered("Appendix", "A").key == "auth"
    assert registry.numbered("Appendix", "6") is None
    assert [registry.order(k) for k in ("net", "gpu", "auth", "zzz")] == [0, 1, 2, 3]
    assert registry.get("zzz") is None


def test_registry_tables_written_as_values_and_unreadable_files(tmp_path) -> None:
    from exts.book1.registry import load_registry

    path = tmp_path / "book1.toml"
    path.write_text('chapter = 5\nappendix = [1]\n', encoding="utf-8")
    registry, problems = load_registry(path)
    assert (registry.title, registry.chapters) == ("Book 1", [])
    assert [(p.message, p.line) for p in problems] == [
        ("chapter entries are written as [[chapter]] tables", 1),
        ("appendix entries are written as [[appendix]] tables", 2),
    ]
    path.write_text("title = [\n", encoding="utf-8")
    registry, problems = load_registry(path)
    assert (registry.path, registry.chapters) == ("", [])
    assert [(p.message, p.line) for p in problems] == [
        ("cannot read book1.toml: Invalid value (at end of document)", 1)
    ]


# -- book_structure/model.py --------------------------------------------------------

BOOK_TOML = '''extra = 1

[front]
docs = ["front/preface.md"]
bogus = 2

[[part]]
title = "  One  "
chapters = ["chapters/a", "chapters/b"]
colour = "red"

[[part]]
title = ""
chapters = ["chapters/c", "chapters/a"]

[appendices]
docs = ["appendices/x", "appendices/y"]

[back]
docs = ["back/b", "index"]
'''


def test_structure_entries_numbers_problems_and_lookups() -> None:
    """Catches: a label, part, line or problem off by one or dropped; a lookup returning the
    wrong neighbour; the root document or a duplicate kept."""
    import tomllib

    from exts.book_structure.model import Part, Problem as P, parse_structure, without_root

    structure, problems = parse_structure(tomllib.loads(BOOK_TOML), BOOK_TOML.splitlines())
    one, two = Part("I", "One"), Part("II", "Part 2")
    assert [(e.docname, e.kind, e.label, e.part, e.line, e.label_text) for e in structure.entries] == [
        ("front/preface", "front", None, None, 4, ""),
        ("chapters/a", "chapter", "1", one, 9, "Chapter 1"),
        ("chapters/b", "chapter", "2", one, 9, "Chapter 2"),
        ("chapters/c", "chapter", "3", two, 14, "Chapter 3"),
        ("appendices/x", "appendix", "A", None, 17, "Appendix A"),
        ("appendices/y", "appendix", "B", None, 17, "Appendix B"),
        ("back/b", "back", None, None, 20, ""),
        ("index", "back", None, None, 20, ""),
    ]
    assert structure.parts == [one, two] and two.caption == "Part II: Part 2"
    assert problems == [
        P("syntax", "unknown key 'extra' in book.toml", 1),
        P("syntax", "unknown key 'bogus' in [front]", 5),
        P("syntax", "unknown key 'colour' in part 1", 10),
        P("syntax", "part 2 has no title", 12),
        P("duplicate", "'chapters/a' is listed twice (first on line 9)", 14),
        P("duplicate-slug", "'back/b' has the slug 'b' of 'chapters/b' (line 9): chapter references to 'b'"
          " would be ambiguous; rename one of them", 20),
    ]
    kept, root = without_root(structure, "index")
    assert [e.docname for e in kept.entries] == [e.docname for e in structure.entries][:-1]
    assert root == [P("root-listed", "'index' is the root document (the title page with the contents): it"
                      " cannot be listed in the book; remove it", 20)]
    assert without_root(structure, "nope") == (structure, [])
    assert structure.next_reading("chapters/b").docname == "chapters/c"
    assert structure.next_reading("chapters/b", present={"appendices/y"}).docname == "appendices/y"
    assert structure.next_reading("front/preface") is None
    assert structure.next_reading("appendices/y") is None
    assert structure.fingerprint("chapters/a") == ("chapter", "1", "chapters/b")
    assert structure.fingerprint("appendices/y") == ("appendix", "B", None)
    assert structure.fingerprint("zzz") == ("unlisted",)
    assert [e.docname for e in structure.of_kind("appendix")] == ["appendices/x", "appendices/y"]
    assert [e.docname for e in structure.in_part(two)] == ["chapters/c"]
    assert structure.by_slug("b").docname == "chapters/b"  # the first with the slug keeps it


def test_structure_values_of_the_wrong_type_and_unreadable_files(tmp_path) -> None:
    import tomllib

    from exts.book_structure.model import Problem as P, load_structure, parse_structure

    text = 'front = 3\npart = 4\n[appendices]\ndocs = "x"\n'
    assert parse_structure(tomllib.loads(text), text.splitlines())[1] == [
        P("syntax", "front must be a table ([front])", 1),
        P("syntax", "parts are written as [[part]] tables", 2),
        P("syntax", "docs in [appendices] must be a list of docnames", 4),
    ]
    text = '\n[[part]]\ntitle = "A"\nchapters = [1]\n'
    assert parse_structure(tomllib.loads(text), text.splitlines())[1] == [
        P("syntax", "chapters in [part] must be a list of docnames", 4)
    ]
    text = "part = [1, {title='x', chapters=['q']}]\n"
    structure, problems = parse_structure(tomllib.loads(text), text.splitlines())
    assert problems == [P("syntax", "parts are written as [[part]] tables", 1)]
    assert [(e.docname, e.label, e.part.number) for e in structure.entries] == [("q", "1", "II")]
    (tmp_path / "bad.toml").write_text('a = 1\nb = 2\nc = = 3\n', encoding="utf-8")
    found = load_structure(tmp_path / "bad.toml")[1]
    assert [(p.subtype, p.line) for p in found] == [("syntax", 3)]
    assert found[0].message.startswith("invalid TOML: ")
    (tmp_path / "latin.toml").write_bytes(b"\xff")
    assert [(p.subtype, p.line) for p in load_structure(tmp_path / "latin.toml")[1]] == [("unreadable", 1)]


# -- diagrams/lints.py: estimated geometry (numbers worked out by hand) ----------------

BOX_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" font-family="Arial">\n{}\n</svg>'


def document_of(body: str, root: str = BOX_SVG):
    document, problems = parse_svg(root.format(body))
    assert document is not None, problems
    return document


@pytest.mark.parametrize(
    ("attributes", "box"),
    [
        ('x="100" y="50" font-size="20"', (100, 34, 144, 54)),  # 4 chars * 20 * 0.55 = 44 wide
        ('x="100" y="50" font-size="20" text-anchor="middle"', (78, 34, 122, 54)),
        ('x="100" y="50" font-size="20" text-anchor="end"', (56, 34, 100, 54)),
        ('x="100" y="50" font-size="20" dominant-baseline="central"', (100, 40, 144, 60)),
        ('x="100" y="50" font-size="20" dominant-baseline="middle"', (100, 40, 144, 60)),
        ('x="10 20" y="50"', (10, 37.2, 45.2, 53.2)),  # default 16px; the first number of x
    ],
)
def test_a_text_box_is_estimated_from_size_anchor_and_baseline(attributes: str, box: tuple) -> None:
    from exts.diagrams.lints import Styles, text_boxes

    document = document_of(f"<text {attributes}>abcd</text>")
    [(element, found)] = text_boxes(document, Styles(document))
    assert tuple(round(v, 6) for v in found) == box


def test_positioned_tspans_are_lines_of_their_own() -> None:
    """Catches: tspan x/y/dy ignored, or the parent's text counted with its tspans."""
    from exts.diagrams.lints import Styles, text_boxes

    body = ('<text x="10" y="20" font-size="10">ab<tspan x="30" dy="15">cde</tspan>'
            '<tspan dy="15">f</tspan></text>\n<g transform="rotate(5)"><text x="1" y="1">skipped</text></g>'
            '\n<defs><text x="1" y="1">hidden</text></defs>')
    document = document_of(body)
    boxes = [tuple(round(v, 6) for v in box) for _, box in text_boxes(document, Styles(document))]
    assert boxes == [(10, 12, 21, 22), (30, 27, 46.5, 37), (30, 42, 35.5, 52)]


@pytest.mark.parametrize(
    ("x", "outside"),
    [("-0.5", False), ("-2", True), ("184.5", False), ("185", True)],  # "abc" is 16.5 wide
)
def test_outside_the_viewbox_allows_one_pixel(x: str, outside: bool) -> None:
    """Catches: the 1px tolerance dropped or a side not checked (right edge = x + 16.5)."""
    found = [p.subtype for p in lint(document_of(f'<text x="{x}" y="50" font-size="10">abc</text>'))]
    assert found == (["text-outside"] if outside else [])


def test_outside_top_and_bottom() -> None:
    top = lint(document_of('<text x="50" y="6" font-size="10">abc</text>'))  # top -2
    bottom = lint(document_of('<text x="50" y="100" font-size="10">abc</text>'))  # bottom 102
    inside = lint(document_of('<text x="50" y="9" font-size="10">abc</text>\n<text x="50" y="99" font-size="10">x</text>'))
    assert [(p.subtype, p.message) for p in top] == [("text-outside", "text 'abc' runs outside the viewBox (estimated)")]
    assert [p.subtype for p in bottom] == ["text-outside"]
    assert inside == []


def test_overlaps_need_more_than_one_pixel_each_way() -> None:
    """Catches: the overlap tolerance or an axis dropped, or the wrong text named."""
    near = document_of('<text x="10" y="20" font-size="10">abcd</text>\n<text x="31" y="20" font-size="10">efgh</text>')
    assert lint(near) == []  # first ends at 32: 1px of overlap is tolerated
    far = document_of('<text x="10" y="20" font-size="10">abcd</text>\n<text x="10" y="29" font-size="10">efgh</text>')
    assert lint(far) == []  # first bottom 22, second top 21
    hit = document_of('<text x="10" y="20" font-size="10">abcd</text>\n<text x="30" y="25" font-size="10">efgh</text>')
    assert [(p.subtype, p.message, p.line) for p in lint(hit)] == [
        ("text-overlap", "text 'efgh' overlaps 'abcd' (line 2, estimated)", 3)
    ]


TITLE = '<rect x="0" y="0" width="100%" height="100%" fill="#fff"/>\n<text x="10" y="30" font-size="20">Title</text>\n{}'


@pytest.mark.parametrize(
    ("content", "gap"),
    [
        ('<rect x="0" y="45" width="5" height="5"/>', 15),  # baseline = 34 - 0.2 * 20 = 30
        ('<rect x="0" y="46" width="5" height="5"/>', None),
        ('<circle cx="50" cy="50" r="6"/>', 14),
        ('<ellipse cx="50" cy="50" rx="9" ry="7"/>', 13),
        ('<line x1="0" y1="60" x2="9" y2="44"/>', 14),
        ('<polygon points="0,70 5,43 9,80"/>', 13),
        ('<polyline points="0,70"/>', None),
        ('<image x="0" y="40" width="5" height="5"/>', 10),
        ('<use x="0" y="41"/>', 11),
        ('<text x="10" y="50" font-size="10">near</text>', 12),  # top = 50 - 8
        ('<g transform="translate(0,1)"><rect x="0" y="31" width="5" height="5"/></g>', None),
        ('<path d="M0 31h5"/>', None),
    ],
)
def test_the_title_gap_for_each_kind_of_content(content: str, gap) -> None:
    """Catches: an element kind's top edge computed wrongly, the background rect counted, the
    gap's threshold or message changed, transformed content measured."""
    found = [(p.subtype, p.message) for p in lint(document_of(TITLE.format(content)))]
    if gap is None:
        assert found == []
    else:
        assert found == [("title-gap", f"content starts {gap}px below the title's baseline (y=30); leave at"
                          " least 16px")]


def test_a_small_first_text_is_no_title_and_a_partial_rect_is_no_background() -> None:
    small = '<text x="10" y="30" font-size="15">Small</text>\n<rect x="0" y="31" width="5" height="5"/>'
    assert lint(document_of(small)) == []
    partial = ('<text x="10" y="30" font-size="20">Title</text>\n'
               '<rect x="0" y="0" width="199" height="100"/>\n<rect x="2" y="0" width="200" height="100"/>')
    assert [p.line for p in lint(document_of(partial))] == [4]  # 199 >= 200 - 1: still background
    assert [p.line for p in lint(document_of(partial.replace('width="199"', 'width="198"')))] == [3]


def test_fonts_webfonts_and_the_viewbox() -> None:
    """Catches: a safe font reported, an unsafe one or a web font missed, a viewBox misread."""
    from exts.diagrams.lints import families, label, view_box

    root = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,200,100">\n{}\n</svg>'
    body = ('<style>@font-face { font-family: X; }\n.a { font-family: "Inter", serif }</style>\n'
            '<text x="5" y="20" font-size="12" style="font-family: Comic Sans">a</text>\n'
            '<text x="5" y="40" font-size="12" font-family="\'DejaVu Sans\', x">b</text>\n'
            '<text x="5" y="60" font-size="12">c</text>\n<defs><text>d</text></defs>')
    found = [(p.subtype, p.message, p.line) for p in lint(document_of(body, root))]
    substituted = "is not one of the book's fonts; it will be substituted in the PDF"
    assert found == [
        ("webfont", "web fonts (@font-face, @import) do not survive PDF conversion", 2),
        ("webfont", f"font 'Inter' {substituted}", 2),
        ("webfont", f"font 'Comic Sans' {substituted}", 4),
        ("font", "<text> has no font-family (set one on the <svg> root)", 6),
    ]
    assert families(" 'Verdana' , x") == [] and families('"Inter",Arial') == ["Inter"] and families(None) == []
    assert view_box(ET_root('viewBox="1 2 10 20"')) == (1, 2, 11, 22)
    assert view_box(ET_root('viewBox="0 0 10"')) is None
    assert [(p.subtype, p.line) for p in lint(document_of("", '<svg xmlns="http://www.w3.org/2000/svg"\n>{}</svg>'))] == [
        ("viewbox", 1)
    ]
    assert label(ET_root("", "  a\n  b  ")) == "a b"
    assert label(ET_root("", "x" * 41)) == "x" * 37 + "..."
    assert label(ET_root("", "x" * 40)) == "x" * 40


def ET_root(attributes: str, text: str = ""):
    import xml.etree.ElementTree as ET

    return ET.fromstring(f"<svg {attributes}>{text}</svg>")


def test_lengths_and_coordinates() -> None:
    from exts.diagrams.lints import coordinate, length

    assert [length(v) for v in ["12", " 3.5px ", "12pt", ".5", "-3", "50%", "1em", None]] == [
        12, 3.5, 16, 0.5, -3, None, None, None,
    ]
    assert [coordinate(v) for v in ["10 20", "-1.5e1", "x", None]] == [10, -15, 0, 0]
    assert coordinate("none", 7.0) == 7.0


# -- suggestions.py ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "limit", "distance"),
    [
        ("", "", 2, 0),
        ("", "ab", 2, 2),
        ("ab", "", 2, 2),
        ("abc", "abd", 2, 1),  # substitution
        ("abc", "abxc", 2, 1),  # insertion
        ("abxc", "abc", 2, 1),  # deletion
        ("ab", "ba", 2, 1),  # a swap of neighbours
        ("abcd", "badc", 3, 2),  # two swaps
        ("ca", "abc", 3, 3),  # OSA: no edit of a swapped pair
        ("abcdef", "ghijkl", 2, 3),  # capped at limit + 1 once every row is over
        ("abc", "abcde", 2, 2),  # length difference exactly the limit
        ("abc", "abcdef", 2, 3),
        ("aaa", "a", 2, 2),  # two deletions: no "swap" with the last letter of a one-letter word
    ],
)
def test_edit_distance_by_hand(first: str, second: str, limit: int, distance: int) -> None:
    """Catches: a cost, the swap rule, its bounds, or the cap changed."""
    from exts.suggestions import edit_distance

    assert edit_distance(first, second, limit) == distance


def test_closest_limits_and_order() -> None:
    """Catches: the distance limit (a quarter of the length, at least 2), the count of three,
    the exact name being suggested to itself, or the ordering changed."""
    from exts.suggestions import closest

    assert closest("abcdefgh", ["abcdefxx", "abcdexxx"]) == ["abcdefxx"]  # limit 2
    assert closest("abcdefghijkl", ["abcdefghixxx", "abcdefghijxx"]) == ["abcdefghijxx", "abcdefghixxx"]  # limit 3
    assert closest("ab", ["ab", "Ab", "xy", "b"]) == ["Ab", "b", "xy"]
    assert closest("aaaa", ["aaab", "aaac", "aaad", "aaae"]) == ["aaab", "aaac", "aaad"]
    assert closest("aaaa", ["aaab", "aabb"], preferred=["aabb"]) == ["aaab", "aabb"]  # nearer first
    assert closest("x" * 300, ["x" * 250]) == ["x" * 250]  # compared by the first 200 characters


def test_required_sections_missing_in_a_chapter_an_appendix_and_the_bridge() -> None:
    """Catches: a missing section or subsection not reported, reported at the wrong line, or
    the appendix/unknown kinds held to the chapter's rules."""
    top = Heading(1, "T", 1, [Heading(2, "Overview", 3), Heading(2, "Bridging the Gap", 5, [Heading(3, "From the API side", 6)])])
    assert check_required("chapter", top) == [
        Problem("missing-section", "the document has no '## Common Pitfalls' section", 1),
        Problem("missing-section", "the document has no '## Summary' section", 1),
        Problem("missing-section", "'## Bridging the Gap' has no '### From the ML side' section", 5),
    ]
    assert check_required("appendix", Heading(1, "A", 2, [Heading(2, "Summary", 4)])) == [
        Problem("missing-section", "the document has no '## Overview' section", 2),
    ]
    assert check_required("back", Heading(1, "B", 1)) == []
    assert check_required("front", Heading(1, "F", 1)) == []


def test_order_problems_name_the_section_that_must_come_first() -> None:
    """Catches: the "must come after" check skipped, or the first-position check misplaced."""
    top = chapter("Bridging the Gap", "Overview", "Summary", "Common Pitfalls")
    assert check_required("chapter", top) == [
        Problem("section-order", "'## Overview' must be the first section of the document", 5),
        Problem("section-order", "'## Bridging the Gap' must come after '## Overview'", 3),
        Problem("section-order", "'## Summary' must come after '## Common Pitfalls'", 7),
    ]


def test_targets_are_read_with_located_problems(tmp_path) -> None:
    """Catches: a malformed target kept, a problem on the wrong line, a default changed."""
    from exts.status.model import Problem as StatusProblem, load_targets

    path = tmp_path / "targets.toml"
    assert load_targets(path) == ({}, [])
    path.write_text(
        "g = 1\n[a]\nwords = [10, 20]\ndiagrams = 2\n\n[b]\nwords = [5, 5]\n\n[c]\nwords = [20, 10]\n"
        "[d]\nwords = [1]\n[e]\nwords = [1, 2]\ndiagrams = \"x\"\n[f]\nwords = [1, \"2\"]\n",
        encoding="utf-8",
    )
    targets, problems = load_targets(path)
    assert targets == {"a": Target((10, 20), 2), "b": Target((5, 5), 0)}
    message = "needs words = [min, max] and diagrams = n"
    assert problems == [
        StatusProblem(f"[g] {message}", 1),  # not a table: no [g] line
        StatusProblem(f"[c] {message}", 9), StatusProblem(f"[d] {message}", 11),
        StatusProblem(f"[e] {message}", 13), StatusProblem(f"[f] {message}", 16),
    ]
    path.write_text("[a\n", encoding="utf-8")
    targets, problems = load_targets(path)
    assert targets == {} and [p.line for p in problems] == [1]
    assert problems[0].message.startswith("cannot read targets.toml: ")


# -- tools/texlog.py ----------------------------------------------------------------


def test_texlog_locates_at_label_lines_and_caps_each_list() -> None:
    """Catches: the label line itself mapped to the previous place, the 1pt threshold or the
    cap of ten per list changed, the worst box not listed first."""
    from tools.texlog import REPORTED, Locator, summarise

    locate = Locator("a\n\\label{\\detokenize{chapters/a::doc}}\nb\n\\label{\\detokenize{chapters/a:s-1}}\n")
    assert [locate(n) for n in (1, 2, 3, 4, 5)] == [
        "front matter", "chapters/a.md", "chapters/a.md", "chapters/a.md, section 's-1'", "chapters/a.md, section 's-1'",
    ]
    assert REPORTED == 10
    log = "\n".join(
        [f"Overfull \\hbox ({n}.5pt too wide) in paragraph at lines {n}--{n}" for n in range(1, 13)]
        + ["Overfull \\hbox (1.0pt too wide) in paragraph at lines 40--40"]
        + [f"! Error {n}." for n in range(12)]
        + [f"LaTeX Warning: Citation `k{n}' on page 3 undefined on input line 9." for n in range(11)]
    )
    lines, errors = summarise(log, Locator(""))
    assert errors == 12
    assert lines[0] == (
        "TeX: 12 errors, 12 overfull boxes over 1 pt (13 in all, worst 12.5 pt), 11 undefined references,"
        " 0 missing characters"
    )
    assert lines[1:11] == [f"  error: Error {n}." for n in range(10)]
    assert lines[11] == "  overfull \\hbox 12.5 pt: front matter (.tex line 12)"
    assert lines[20] == "  overfull \\hbox 3.5 pt: front matter (.tex line 3)"
    assert lines[21:31] == [f"  undefined reference: k{n}" for n in sorted(map(str, range(11)))[:10]]
    assert len(lines) == 31
    assert summarise("", Locator("")) == (
        ["TeX: 0 errors, 0 overfull boxes over 1 pt (0 in all, worst 0.0 pt), 0 undefined references,"
         " 0 missing characters"], 0,
    )


def test_matcher_reads_printed_labels_then_plain_then_first_author_and_year() -> None:
    """Catches: one of the three readings dropped or reordered, ``&`` not read as "and"."""
    bib = parse_string(
        "@misc{g1, author={{Google}}, title={Alpha}, year={2024}}\n"
        "@misc{g2, author={{Google}}, title={Beta}, year={2024}}\n"
        "@misc{sj, author={Smith, A. and Jones, B.}, title={S}, year={2021}}\n"
        "@misc{kw, author={Kwon, W. and Li, Z. and Zhuang, S.}, title={K}, year={2023}}\n",
        "bibtex",
    )
    matcher = Matcher(bib.entries.values())
    assert matcher.keys("Google, 2024a") == ["g1"]
    assert matcher.keys("google,   2024B") == ["g2"]
    assert sorted(matcher.keys("Google, 2024")) == ["g1", "g2"]
    assert matcher.keys("Smith & Jones, 2021") == ["sj"]
    assert matcher.keys("Kwon and others, 2023") == ["kw"]  # first author and year
    assert matcher.keys("Kwon et al., 2022") == []
    assert matcher.describe("g2") == 'g2 ("Google, 2024b", "Beta")'
    assert matcher.near("Nobody, 2021") == ["sj"]  # the same year
    assert matcher.near("Kw, 1999") == ["kw"]  # the first author's name starts so
    assert matcher.near("2023") == ["kw"]
    line, problems = convert_line("[Source: Google, 2024]", 5, matcher)
    assert line == "[Source: Google, 2024]"
    assert problems == [Unmatched(5, "Google, 2024", ('g1 ("Google, 2024a", "Alpha")', 'g2 ("Google, 2024b", "Beta")'), several=True)]
    assert problems[0].message == (
        '[Source: Google, 2024] matches several bib entries: g1 ("Google, 2024a", "Alpha"); g2 ("Google, 2024b",'
        ' "Beta"); write {cite:p}`key`'
    )
    line, problems = convert_line("`code` [Source: Google, 2024a] and `[Source: Google, 2024a]`", 1, matcher)
    assert (line, problems) == ("`code` {cite:p}`g1` and `[Source: Google, 2024a]`", [])


# -- diagrams/css.py ----------------------------------------------------------------


def test_css_declarations_rules_and_selector_matching() -> None:
    """Catches: names not lower-cased, empty names kept, at-rules read as rules, a qualifier
    (tag, class, id) of the last compound ignored."""
    import xml.etree.ElementTree as ET

    from exts.diagrams.css import declarations, matches, rules

    assert declarations(" Fill : red ; :x; font-size:12px;; bad ") == {"fill": "red", "font-size": "12px"}
    found = rules("/* c */ rect, text.a { fill: red } @media x { g { stroke: blue } } @font-face { src: x } ;b{c:d}")
    assert found == [
        (("rect", "text.a"), {"fill": "red"}), (("g",), {"stroke": "blue"}), (("b",), {"c": "d"}),
    ]
    element = ET.fromstring('<text xmlns="http://www.w3.org/2000/svg" class="a b" id="t"/>')
    yes = ["text", "*", "text.a", ".b", "#t", "g text.a", "svg > .a:hover", "text.a#t", "svg ~ text"]
    no = ["rect", ".c", "#u", "", "[x]", "text.a.c", "text#u", "*.c"]
    assert [s for s in yes if not matches(s, element)] == []
    assert [s for s in no if matches(s, element)] == []


def test_css_scope_prefixes_selectors_renames_ids_and_leaves_keyframes() -> None:
    """Catches: the root selector not turned into ``svg#root``, an id or url(#id) not renamed,
    a keyframe selector or at-rule scoped."""
    from exts.diagrams.css import rename_urls, scope

    sheet = "svg { fill: red } svg.x, #a .b { stroke: url(#a) } svgx {} @keyframes k { from { x: 1 } 50% { x: 2 } } /* c */"
    assert scope(sheet, "root", {"a": "root-a"}) == (
        "\nsvg#root { fill: red }\nsvg#root.x, #root #root-a .b { stroke: url(#root-a) }\n#root svgx {}"
        " @keyframes k { from { x: 1 } 50% { x: 2 } } "
    )
    assert rename_urls("url('#a') url(\"#b\") url(#c) url(a) URL( #c )", {"a": "p-a", "c": "p-c"}) == (
        "url(#p-a) url(\"#b\") url(#p-c) url(a) url(#p-c)"  # any case, any spacing
    )


# -- diagrams/sanitize.py: each rule, what is removed and what is kept ------------------

XSVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' viewBox="0 0 9 9">\n{}\n</svg>')
GONE = None  # the element itself is removed


@pytest.mark.parametrize(
    ("body", "problems", "kept"),
    [
        ('<desc>a<b xmlns="http://www.w3.org/2000/svg">x</b>y<g/>z</desc>',
         [("text-only", "<b> inside <desc> removed: <desc> holds text only"),
          ("text-only", "<g> inside <desc> removed: <desc> holds text only")], ("ayz", [])),
        ("<title><g/></title>", [("text-only", "<g> inside <title> removed: <title> holds text only")], (None, [])),
        ("<style>rect { fill: red; background: x }</style>",
         [("css", "style sheet: CSS property 'background' is not allowed: removed")], ("rect { fill: red }", [])),
        ("<style>  </style>", [], ("  ", [])),
        ("<script>x</script>", [("script", "<script> removed: diagrams cannot run code")], GONE),
        ("<SCRIPT/>", [("script", "<SCRIPT> removed: diagrams cannot run code")], GONE),
        ("<foreignObject/>", [("foreign-object", "<foreignObject> removed: it does not survive PDF or EPUB")], GONE),
        ("<foo/>", [("foreign-object", "<foo> is not an SVG element: removed")], GONE),
        ('<html:g xmlns:html="http://www.w3.org/1999/xhtml"/>',
         [("foreign-object", "<g> is not an SVG element: removed")], GONE),
        ('<rect src="x" srcset="y" data="z" width="1"/>',
         [("external", f"{a}= removed: a diagram loads nothing from outside") for a in ("src", "srcset", "data")],
         (None, ["width"])),
        ('<rect fill=" java&#9;script:x"/>', [("script", "javascript: URL in fill= removed")], (None, [])),
        ('<a href="https://x"/>', [("external", "external reference href='https://x' removed")], (None, [])),
        ('<a href=" #ok"/>', [], (None, ["href"])),
        ('<use xlink:href="#a"/>', [], (None, ["href"])),
        ('<use xlink:href="http://x"/>', [("external", "external reference href='http://x' removed")], (None, [])),
        ('<rect foo="1" aria-label="ok" xml:space="preserve"/>',
         [("attribute", "attribute foo= is not allowed in a diagram: removed")], (None, ["aria-label", "space"])),
        ('<rect x:y="1" xmlns:x="urn:x"/>', [("attribute", "attribute y= is not allowed in a diagram: removed")], (None, [])),
        ('<rect fill="url(http://x)"/>', [("external", "fill= removed: url('http://x') points outside the file")], (None, [])),
        ('<rect style="fill: red; background: x"/>',
         [("css", "style=: CSS property 'background' is not allowed: removed")], (None, ["style"])),
        ('<rect style="background: x"/>', [("css", "style=: CSS property 'background' is not allowed: removed")], (None, [])),
        ('<set attributeName=" fill "/>', [], (None, ["attributeName"])),
        ("<set/>", [], (None, [])),
        ('<animateMotion attributeName="x"/>', [], (None, ["attributeName"])),
        ('<set attributeName="values"/>',
         [("attribute", "<set> of values= removed: it may animate drawing attributes only")], GONE),
    ],
)
def test_each_sanitizer_rule(body: str, problems: list, kept) -> None:
    """Catches: a rule removed, loosened or reported under another subtype, wording or line;
    a safe attribute or text removed with the unsafe ones."""
    from exts.diagrams.model import local

    document, found = parse_svg(XSVG.format(body))
    assert document is not None, found
    assert [(p.subtype, p.message, p.line) for p in sanitize(document)] == [(s, m, 2) for s, m in problems]
    children = list(document.root)
    if kept is GONE:
        assert children == []
    else:
        text, attributes = kept
        [child] = children
        if text is not None:
            assert child.text == text
        assert sorted(local(a) for a in child.attrib) == sorted(attributes)


def test_the_html_wrappers_style_sheets_are_filtered_too(tmp_path) -> None:
    from exts.diagrams.loading import from_html

    document, found = from_html(
        '<html><head><style>rect { fill: red; background: x }</style></head>'
        '<body><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect/></svg></body></html>'
    )
    assert document is not None, found
    problems = [(p.subtype, p.message) for p in sanitize(document)]
    assert problems == [("css", "style sheet: CSS property 'background' is not allowed: removed")]
    assert [text for text, _ in document.css] == ["rect { fill: red }"]


def test_styles_precedence_inheritance_and_defaults() -> None:
    """Catches: style= not winning over a rule, the first (not the last) matching rule used,
    a presentation attribute winning over CSS, inheritance or the 16px default lost."""
    from exts.diagrams.lints import Styles

    body = ('<style>.a { font-size: 11px } text.a { font-size: 12px } .b { fill: red }</style>\n'
            '<g font-size="20" fill="blue"><text class="a" font-size="30" style="fill: green">x</text>'
            '<text class="a b" style="font-size: 13px">y</text><text>z</text></g>\n<text>w</text>')
    document = document_of(body, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 99 99">{}</svg>')
    styles = Styles(document)
    x, y, z = document.root[1]
    w = document.root[2]
    assert [styles.font_size(e) for e in (x, y, z, w)] == [12, 13, 20, 16]
    assert [styles.get(e, "fill") for e in (x, y, z, w)] == ["green", "red", "blue", None]
    assert styles.hidden_or_transformed(x) is False


def test_texlog_help_names_its_argument(capsys, monkeypatch) -> None:
    """Catches: the description or the argument's help text lost (what `--help` tells a user)."""
    from tools.texlog import main

    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("sys.argv", ["texlog.py"])
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "\nSummarise a LaTeX run's log, each problem located at its chapter and section.\n" in out
    assert "  log         the .log file of the LaTeX run\n" in out


def test_texlog_reads_bytes_that_are_not_utf8_and_works_without_the_tex(tmp_path, capsys) -> None:
    """Catches: the log or the .tex read strictly (TeX writes 8-bit bytes into its log), or the
    missing .tex read anyway."""
    from tools.texlog import main

    (tmp_path / "a.log").write_bytes(b"Missing character: There is no \xff in font x!\n! Bad \xfe.\n")
    (tmp_path / "a.tex").write_bytes(b"\\label{\\detokenize{chapters/a::doc}} \xff\n")
    assert main([str(tmp_path / "a.log")]) == 1
    out = capsys.readouterr().out
    assert "  error: Bad \ufffd.\n" in out and "  missing character: \ufffd\n" in out
    (tmp_path / "b.log").write_text("Overfull \\hbox (2.0pt too wide) in paragraph at lines 1--1\n", encoding="utf-8")
    assert main([str(tmp_path / "b.log")]) == 0
    assert "  overfull \\hbox 2.0 pt: front matter (.tex line 1)\n" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("attributes", "view", "expected"),
    [
        ('x="0" y="0" width="100%" height="100%"', (0, 0, 200, 100), True),
        ('x="-50" y="-20" width="100%" height="100%"', (-50, -20, 150, 80), True),
        ('x="-50" y="-20" width="200" height="100%"', (-50, -20, 150, 80), True),
        ('x="-50" y="-20" width="100%" height="100"', (-50, -20, 150, 80), True),
        ('x="1" y="1" width="198" height="98"', (0, 0, 200, 100), True),  # within 1px on every side
        ('x="1.5" y="0" width="200" height="100"', (0, 0, 200, 100), False),
        ('x="0" y="1.5" width="200" height="100"', (0, 0, 200, 100), False),
        ('x="0" y="0" width="198.5" height="100"', (0, 0, 200, 100), False),
        ('x="0" y="0" width="200" height="98.5"', (0, 0, 200, 100), False),
        ('x="0" y="0" height="100"', (0, 0, 200, 100), False),
        ('x="0" y="0" width="200"', (0, 0, 200, 100), False),
        ('x="0" y="0" width=" 100% " height="50%"', (0, 0, 200, 100), False),
    ],
)
def test_a_background_rect_covers_the_viewbox_within_a_pixel(attributes: str, view: tuple, expected: bool) -> None:
    """Catches: a side's 1px tolerance, a 100% size or the viewBox origin mishandled."""
    import xml.etree.ElementTree as ET

    from exts.diagrams.lints import Box, background

    assert background(ET.fromstring(f"<rect {attributes}/>"), Box(*view)) is expected


def test_tspans_positioned_by_x_or_y_alone_start_new_lines() -> None:
    """Catches: a tspan positioned by x or y alone treated as inline text, or inline tspans split."""
    from exts.diagrams.lints import Styles, text_boxes

    body = ('<text x="10" y="20" font-size="10">a<tspan>b</tspan>c</text>\n'
            '<text x="10" y="50" font-size="10">d<tspan y="70">ef</tspan><tspan x="100">g</tspan></text>')
    document = document_of(body)
    found = [(local_name(e), tuple(round(v, 6) for v in box)) for e, box in text_boxes(document, Styles(document))]
    assert found == [
        ("text", (10, 12, 26.5, 22)),  # "abc": 3 * 5.5
        ("text", (10, 42, 15.5, 52)),  # "d" alone
        ("tspan", (10, 62, 21, 72)),
        ("tspan", (100, 62, 105.5, 72)),  # keeps the y of the line before
    ]


def local_name(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def test_a_macro_that_expands_too_far_stops_its_file_only(tmp_path) -> None:
    """Catches: the expansion limit not checked, or its problem mislocated or mislabelled."""
    from exts.works_cited.bibparse import parse_bibfiles

    (tmp_path / "big.bib").write_text(
        '@string{a = "' + "x" * 60_000 + '"}\n@string{b = a # a}\n@misc{k, title = b, url={https://e.org}}\n',
        encoding="utf-8",
    )
    (tmp_path / "ok.bib").write_text("@misc{m, title = {T}, url = {https://e.org/m}}\n", encoding="utf-8")
    parsed = parse_bibfiles([tmp_path / "big.bib", tmp_path / "ok.bib"], "utf-8")
    assert [(p.subtype, p.message, p.path.name, p.line) for p in parsed.problems] == [
        ("expansion", "'b' expands to 120000 characters (the limit is 100000): big.bib is not read", "big.bib", 2)
    ]
    assert sorted(parsed.data.entries) == ["m"]


def test_a_syntax_error_drops_only_the_broken_entry(tmp_path) -> None:
    """Catches: the broken entry kept, the entries after it dropped, the message's prefix kept."""
    from exts.works_cited.bibparse import parse_bibfiles

    (tmp_path / "syn.bib").write_text(
        "@misc{a, title = {A}, url = {https://e.org/a}}\n@misc{b,\n  title = {B} x,\n}\n"
        "@misc{c, title={C}, url={https://e.org/c}}\n",
        encoding="utf-8",
    )
    parsed = parse_bibfiles([tmp_path / "syn.bib"], "utf-8")
    assert [(p.subtype, p.message, p.line) for p in parsed.problems] == [
        ("malformed-bib", "malformed .bib: '}' expected", 3)
    ]
    assert sorted(parsed.data.entries) == ["a", "c"]


def test_entries_without_a_title_are_not_the_same_work() -> None:
    """Catches: a missing title compared as if it were one (same authors, no title: two works)."""
    from exts.works_cited.duplicates import duplicate_works

    entries = {k: bib_entry(k, {"year": "2024"}, ["Kwon, W."]) for k in ("p", "q")}
    assert duplicate_works(entries, {}) == []


# -- works_cited, round 2 (docs/mutation.md) -------------------------------------------


def test_a_person_without_a_surname_is_labelled_by_the_name_written() -> None:
    """Catches: ``surname`` of a person pybtex gives no last name (``{, Ann}``) printing None."""
    from exts.works_cited.labels import authors

    entry = parse_string("@misc{x, author = {, Ann}, year = 2020}", "bibtex").entries["x"]
    assert authors(entry) == "Ann"


def test_an_untitled_entry_sorts_before_titled_ones_of_the_same_author_and_year() -> None:
    """Catches: ``sort_key``'s default title changed (None fails, "XXXX" sorts last)."""
    from exts.works_cited.labels import suffixes

    same = [
        bib_entry("titled", {"year": "2024", "title": "Beta"}, ["{Google}"]),
        bib_entry("untitled", {"year": "2024"}, ["{Google}"]),
    ]
    assert suffixes(same) == {"untitled": "a", "titled": "b"}


def test_suffix_letters_start_again_after_z() -> None:
    """Catches: ``index % 27`` (an IndexError for the 27th entry of one author and year)."""
    from exts.works_cited.labels import suffixes

    many = [bib_entry(f"k{n:02}", {"year": "2024", "title": f"T{n:02}"}, ["{Google}"]) for n in range(27)]
    letters = suffixes(many)
    assert [letters[f"k{n:02}"] for n in range(27)] == [*"abcdefghijklmnopqrstuvwxyz", "a"]


def test_normal_url_keeps_the_letters_of_the_path_and_normal_text_drops_only_braces() -> None:
    """Catches: ``rstrip`` of more than "/" from a path; "{" kept (then read as a word break)."""
    from exts.works_cited.duplicates import normal_text, normal_url

    assert normal_url("https://example.com/docs/INDEX") == "example.com/docs/INDEX"
    assert normal_text("Py{T}orch") == "pytorch"


def test_author_names_are_every_last_name_and_editors_count() -> None:
    """Catches: the editor fallback misspelt; last names or authors joined by anything but a space."""
    from exts.works_cited.duplicates import author_names, duplicate_works

    entry = parse_string("@misc{x, author = {Garcia Marquez, Gabriel and Li, Wei}}", "bibtex").entries["x"]
    assert author_names(entry) == "garcia marquez li"
    entries = {
        "g": bib_entry("g", {"title": "Book"}, ["Smith, A."], role="editor"),
        "h": bib_entry("h", {"title": "Book"}, ["Jones, B."], role="editor"),
    }
    assert duplicate_works(entries, {}) == []


def parsed_bib(tmp_path, text: str | bytes, encoding: str = "utf-8"):
    from exts.works_cited.bibparse import parse_bibfiles

    path = tmp_path / "x.bib"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    parsed = parse_bibfiles([path], encoding)
    problems = [(p.subtype, p.message, p.path.name, p.line) for p in parsed.problems]
    return sorted(parsed.data.entries), {k: line for k, (_, line) in parsed.lines.items()}, problems


def entry(key: str, *extra: str) -> str:
    return "\n".join([f"@misc{{{key},", *extra, f" url = {{https://e.org/{key}}},", "}", ""])


def test_a_broken_entry_is_dropped_and_the_entries_after_it_kept(tmp_path) -> None:
    """Catches: ``break`` for ``continue`` after a broken key; ``pop(key)`` failing on a key
    pybtex did not keep; ``starts[1:]`` dropping every entry before the broken one but the
    first; the problem's path lost."""
    text = entry("a") + entry("b") + entry("c", " title = {C} ,, x") + entry("d")
    assert parsed_bib(tmp_path, text) == (
        ["a", "b", "d"],
        {"a": 1, "b": 4, "d": 11},
        [("malformed-bib", "malformed .bib: '=' expected", "x.bib", 9)],  # pybtex: at the token after "x"
    )


def test_a_one_line_broken_entry_is_the_one_dropped(tmp_path) -> None:
    """Catches: ``start < line`` (the entry before a one-line broken entry dropped instead)."""
    text = entry("a") + "@misc{b, title = {B} x, url = {https://e.org/b}}\n" + entry("c")
    assert parsed_bib(tmp_path, text) == (
        ["a", "c"], {"a": 1, "c": 5}, [("malformed-bib", "malformed .bib: '}' expected", "x.bib", 4)]
    )


def test_an_undefined_string_is_reported_with_pybtex_words(tmp_path) -> None:
    """Catches: every message cut at ": " (or replaced by "None") whatever pybtex's error type."""
    text = entry("a") + entry("b", " title = nosuch,")
    assert parsed_bib(tmp_path, text)[2] == [
        ("malformed-bib", "malformed .bib: undefined string in line 5: nosuch", "x.bib", 5)
    ]


def test_an_unclosed_entry_after_another_error_is_not_what_is_reported(tmp_path) -> None:
    """Catches: ``unclosed_entry`` consulted for every error, not only at the end of the file."""
    text = entry("a") + entry("b", " title = {B} ,, x") + "@misc{c,\n url = {https://e.org/c},\n"
    assert parsed_bib(tmp_path, text)[2] == [("malformed-bib", "malformed .bib: '=' expected", "x.bib", 6)]


def test_an_entry_after_a_refused_url_still_needs_a_link(tmp_path) -> None:
    """Catches: ``break`` for ``continue`` in ``missing_links`` (entries after a refused one skipped)."""
    text = "@misc{u,\n url = {javascript:x},\n}\n@misc{n,\n title = {N},\n}\n"
    assert parsed_bib(tmp_path, text)[2] == [
        ("unsafe-url", "entry 'u': url 'javascript:x' is not an http(s) URL: not linked", "x.bib", 2),
        ("no-url", "entry 'n' has neither a url nor a doi field", "x.bib", 4),
    ]


def test_an_undecodable_byte_is_located_and_names_the_configured_encoding(tmp_path) -> None:
    """Catches: lines counted from the second byte (a file that starts with a blank line);
    "UTF-8" named whatever ``bibtex_encoding`` is."""
    text = b"\n@misc{x,\n title = {Caf\xc3\xa9},\n}\n"
    assert parsed_bib(tmp_path, text, "ascii")[2] == [
        ("malformed-bib", "cannot read x.bib: not ascii (ordinal not in range(128)); save the file as ascii",
         "x.bib", 3)
    ]


def test_entry_starts_count_a_leading_blank_line_and_find_a_key_on_the_next_line() -> None:
    """Catches: lines counted from the second character. Found by mutation testing: a key on the
    line after ``@misc{`` (valid BibTeX) was read as "" and its entry had no line."""
    from exts.works_cited.bibparse import entry_starts

    assert entry_starts("\n@misc{a,\n}\n") == [(2, "a")]
    assert entry_starts("@misc{\n  a,\n}\n@misc{ b,\n}\n") == [(1, "a"), (4, "b")]


def test_a_duplicate_work_with_its_key_on_the_next_line_is_located(tmp_path) -> None:
    """The same bug seen from the book: the duplicate was reported at "bib:1"."""
    text = "@misc{\n  a,\n url = {https://e.org/a},\n}\n@misc{b,\n url = {https://e.org/a},\n}\n"
    assert parsed_bib(tmp_path, text)[2] == [
        ("duplicate-work", "entry 'b' is the same work as 'a' (x.bib:1): same URL; cite 'a' and delete this"
         " entry", "x.bib", 5)
    ]


# -- legacy/citations.py, round 2 -------------------------------------------------------

LEGACY_BIB = (
    "@misc{g, author={{Google, Inc.}}, title={Gemini}, year={2024}}\n"
    "@misc{kw, author={Kwon, W. and Li, Z. and Zhuang, S.}, title={K}, year={2023}}\n"
    "@misc{old, author={Old, A.}, title={O}, year={2019}}\n"
    "@misc{untitled, author={Doe, J.}, year={2020}}\n"
)


def legacy_matcher() -> Matcher:
    return Matcher(parse_string(LEGACY_BIB, "bibtex").entries.values())


def test_normal_reads_an_ampersand_as_and() -> None:
    """Catches: the ``&`` or its replacement ``and`` misspelt in ``normal``."""
    from exts.legacy.citations import normal

    assert normal("Smith  &  Jones, 2020") == "smith and jones, 2020"


def test_an_untitled_candidate_is_described_with_an_empty_title() -> None:
    """Catches: the default title of ``Matcher.titles`` changed (None fails, "XXXX" is printed)."""
    assert legacy_matcher().describe("untitled") == 'untitled ("Doe, 2020", "")'


def test_the_year_is_after_the_last_comma_and_a_bare_year_matches_nothing() -> None:
    """Catches: ``partition`` for ``rpartition`` (an author with a comma, written without the
    full stop, then matches nothing); ``split()`` of an empty name (an IndexError)."""
    matcher = legacy_matcher()
    assert matcher.keys("Google, Inc, 2024") == ["g"]
    assert matcher.keys("2023") == []


def test_near_compares_the_first_word_and_the_year_without_its_letter() -> None:
    """Catches: the whole name compared instead of its first word; the year's a/b kept."""
    matcher = legacy_matcher()
    assert matcher.near("Kwon and Li, 2019") == ["kw"]
    assert matcher.near("Nobody, 2023b") == ["kw"]


def test_a_citation_after_inline_code_on_the_same_line_converts() -> None:
    """Catches: the backtick count restarted, counted from the line start twice, or counted to
    the end of the line (the second citation would be taken for code)."""
    line, problems = convert_line("`[Source: Old, 2019]` and [Source: Old, 2019]", 1, legacy_matcher())
    assert (line, problems) == ("`[Source: Old, 2019]` and {cite:p}`old`", [])


# -- book1/registry.py, round 2 ----------------------------------------------------------


def registry_of(tmp_path, text: str):
    """The registry read from ``text``, and its problems as (message, line)."""
    from exts.book1.registry import load_registry

    path = tmp_path / "book1.toml"
    path.write_text(text, encoding="utf-8")
    registry, problems = load_registry(path)
    return registry, [(p.message, p.line) for p in problems]


def test_registry_entries_after_a_bad_one_are_still_read(tmp_path) -> None:
    """Catches: ``break`` for ``continue`` after an entry that is not a table or lacks fields;
    the line of an inline entry (no ``[[chapter]]`` marker: line 1) changed."""
    registry, problems = registry_of(
        tmp_path,
        'title = "B"\nchapter = ["x", {key = "a", number = 1, title = "A"}, {key = "b"},'
        ' {key = "c", number = 3, title = "C"}]\n',
    )
    assert [c.key for c in registry.chapters] == ["a", "c"]
    assert problems == [
        ("chapter entries are written as [[chapter]] tables", 2),
        ("chapter entry lacks number, title", 1),
    ]


def test_registry_table_headers_are_located_and_quoted_names_fall_back_to_line_one(tmp_path) -> None:
    """Catches: ``lstrip("[")`` changed (a ``[chapter]`` header then not found); the "not found"
    line of ``_key_line`` changed from 1."""
    assert registry_of(tmp_path, 'title = "B"\n\n[chapter]\nkey = "a"\n')[1] == [
        ("chapter entries are written as [[chapter]] tables", 3)
    ]
    assert registry_of(tmp_path, 'title = "B"\n# appendices\n"appendix" = 5\n')[1] == [
        ("appendix entries are written as [[appendix]] tables", 1)
    ]


# -- diagrams/cssfilter.py, round 2 -------------------------------------------------------

LONG_URL = "https://example.org/" + "a" * 50  # 70 characters: messages show the first 60


def test_comments_in_declarations_sheets_and_keyframes_are_dropped_silently() -> None:
    """Catches: ``skip_comments`` turned off (a comment would be reported as a removal)."""
    from exts.diagrams.cssfilter import clean_declarations, clean_stylesheet

    assert clean_declarations("fill: red; /* note */ stroke: blue") == ("fill: red; stroke: blue", [])
    assert clean_stylesheet("/* c */ .a { fill: red }") == (".a { fill: red }", [])
    assert clean_stylesheet("@keyframes k { /* c */ from { opacity: 0 } }") == (
        "@keyframes k { from { opacity: 0 } }", []
    )


def test_every_value_of_a_declaration_is_checked() -> None:
    """Catches: ``break`` for ``continue`` after an allowed ``url(#id)``, ``url("#id")`` or
    function (the external url after it would be kept)."""
    from exts.diagrams.cssfilter import Removal, clean_declarations

    assert clean_declarations(
        'filter: url(#a) url(https://e.org/x); fill: url("#a") url(https://e.org/y);'
        " stroke: rgb(0,0,0) url(https://e.org/z)"
    ) == ("", [
        Removal("external", "filter: url('https://e.org/x') points outside the file: removed"),
        Removal("external", "fill: url('https://e.org/y') points outside the file: removed"),
        Removal("external", "stroke: url('https://e.org/z') points outside the file: removed"),
    ])


def test_spaces_inside_url_quotes_and_an_import_in_a_value() -> None:
    """Catches: the whitespace filter of ``url( "#g" )`` arguments misspelt; "@import" in a
    reason no longer making it ``external``."""
    from exts.diagrams.cssfilter import Removal, clean_declarations

    assert clean_declarations('fill: url( "#g" ); stroke: @import') == ('fill: url( "#g" )', [
        Removal("external", "stroke: at-keyword '@import' is not allowed in a value: removed")
    ])


def test_malformed_and_unknown_tokens_in_a_value() -> None:
    """Catches: the ``error`` token test misspelt (a parse error reported as a token type)."""
    from exts.diagrams.cssfilter import Removal, clean_declarations

    assert clean_declarations("fill: red )") == ("", [Removal("css", "fill: malformed CSS (Unmatched )): removed")])


def test_long_values_are_cut_in_messages() -> None:
    """Catches: each message's cut (60 characters of a URL or @import, 40 of a token or selector)."""
    from exts.diagrams.cssfilter import Removal, attribute_problem, clean_declarations, clean_stylesheet

    shown = "https://example.org/" + "a" * 40
    assert clean_declarations(f"fill: url({LONG_URL})") == (
        "", [Removal("external", f"fill: url('{shown}') points outside the file: removed")]
    )
    assert attribute_problem(f"url({LONG_URL})") == f"url('{shown}') points outside the file"
    assert clean_stylesheet(f"@import url({LONG_URL});") == (
        "", [Removal("external", "@import url(https://example.org/" + "a" * 36 + " removed: it loads from outside the file")]
    )
    assert clean_declarations("fill: [" + "b" * 50 + "]") == (
        "", [Removal("css", "fill: [] block '[" + "b" * 39 + "' is not allowed in a value: removed")]
    )
    assert clean_stylesheet("[" + "c" * 50 + "] { fill: red }") == (
        "", [Removal("css", "rule '[" + "c" * 39 + "' removed: only names, classes and ids as selectors")]
    )


def test_every_rule_of_a_sheet_keeps_its_removals() -> None:
    """Catches: ``reasons = more`` for ``+=`` (only the last rule's removals reported)."""
    from exts.diagrams.cssfilter import Removal, clean_stylesheet

    assert clean_stylesheet(".a { fill: red; color2: x } .b { stroke: url(https://e.org/q) }") == (
        ".a { fill: red }\n.b {  }",
        [
            Removal("css", "CSS property 'color2' is not allowed: removed"),
            Removal("external", "stroke: url('https://e.org/q') points outside the file: removed"),
        ],
    )
    sheet = "@keyframes k { from { color2: x } } @keyframes j { to { stroke: url(https://e.org/r) } }"
    assert [r.subtype for r in clean_stylesheet(sheet)[1]] == ["css", "external"]


def test_a_parse_error_in_a_sheet_is_a_css_removal() -> None:
    """Catches: the message of a parse error where a rule was expected lost."""
    from exts.diagrams.cssfilter import Removal, clean_stylesheet

    assert clean_stylesheet("a { fill: red } }") == ("a { fill: red }", [
        Removal("css", "malformed CSS (EOF reached before {} block for a qualified rule.) removed")
    ])


def test_attribute_values_are_searched_in_order_and_to_the_last_token() -> None:
    """Catches: ``flatten`` reversing or skipping tokens (the first problem is the one reported;
    a trailing space must not hide a url); spaces inside ``url( '#a' )``."""
    from exts.diagrams.cssfilter import attribute_problem, fragment

    outside = "url('https://e.org/x') points outside the file"
    assert attribute_problem("url(https://e.org/x) image(b)") == outside
    assert attribute_problem("translate(url(https://e.org/x), image(b))") == outside
    assert attribute_problem("url(https://e.org/x) ") == outside
    assert attribute_problem("rgb(url(https://e.org/x) )") == outside
    assert attribute_problem("url( '#a' )") is None
    assert fragment("#/x") is False


# -- diagrams/sanitize.py, round 2 -----------------------------------------------------------


def test_problems_of_every_element_and_attribute_are_kept() -> None:
    """Catches: ``problems = ...`` for ``+=`` in ``sanitize`` and ``clean_attributes`` (only the
    last element's, or the last attribute's, problems would be reported)."""
    assert removed(  # the <title> first: its children are the last ones cleaned
        "<title>T<tspan>a</tspan></title>\n"
        '<rect onclick="x" style="fill: url(https://e.org/a)"/>\n<circle onload="y"/>'
    ) == [
        ("text-only", "<tspan> inside <title> removed: <title> holds text only", 2),
        ("script", "event handler onclick= removed: diagrams cannot run code", 3),
        ("external", "style=: fill: url('https://e.org/a') points outside the file: removed", 3),
        ("script", "event handler onload= removed: diagrams cannot run code", 4),
    ]


def test_a_style_attribute_is_filtered_not_removed_whole() -> None:
    """Catches: ``style=`` also checked as a plain attribute value (removed whole, as external);
    the filtered value not written back."""
    document, problems = parse_svg(SVG.format('<rect style="fill: red; stroke: url(https://e.org/a)"/>'))
    assert [(p.subtype, p.message) for p in sanitize(document)] == [
        ("external", "style=: stroke: url('https://e.org/a') points outside the file: removed")
    ]
    assert document.root[0].get("style") == "fill: red"


def test_text_only_elements_keep_their_text_and_tails() -> None:
    """Catches: the default of a missing text or tail changed from ""."""
    document, _ = parse_svg(SVG.format("<title><tspan>a</tspan>after</title><desc>before<tspan/></desc>"))
    sanitize(document)
    assert [(e.text, len(e)) for e in document.root] == [("after", 0), ("before", 0)]


def test_an_empty_style_element_is_no_problem() -> None:
    """Catches: the default text of an empty ``<style/>`` changed (then parsed as CSS)."""
    assert removed("<style/>") == []


def test_the_html_wrappers_style_sheet_problems_have_its_line() -> None:
    """Catches: the line of a wrapper's style sheet lost (None)."""
    from exts.diagrams.loading import from_html

    document, found = from_html(
        '<html>\n<head>\n<style>rect { fill: red; background: x }</style></head>'
        '<body><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect/></svg></body></html>'
    )
    assert [(p.subtype, p.line) for p in sanitize(document)] == [("css", 3)]


# -- diagrams/css.py, round 2 ----------------------------------------------------------------


def test_css_helpers_on_colons_semicolons_unknown_ids_and_comments() -> None:
    """Catches: a declaration split at its last colon; a rule's head cut at the first ";" of
    two at-rules before it; an id the scoping does not rename (``ids.get`` without a default);
    comments in an @import replaced by something else than nothing."""
    from exts.diagrams.css import Rule, declarations, external_urls, matches, rules, scope

    assert declarations("fill: url(#g:1)") == {"fill": "url(#g:1)"}
    assert rules("@import a; @import b; rect { fill: red }") == [Rule(("rect",), {"fill": "red"})]
    assert scope("#other, #a { fill: red }", "d1", {"a": "d1-a"}) == "\n#d1 #other, #d1 #d1-a { fill: red }"
    assert external_urls('@import /* c */ "a.css";') == ['@import  "a.css";']
    document, _ = parse_svg(SVG.format('<text class="label">x</text>'))
    assert matches("text.label:first-child", document.root[0])
    assert not matches("rect:hover", document.root[0])


# -- diagrams/lints.py, round 2 -----------------------------------------------------------------


def subtypes(body: str, *wanted: str) -> list[tuple[str, str, int]]:
    return [p for p in linted(body) if p[0] in wanted]


def test_an_svg_without_a_viewbox_is_reported_at_its_line() -> None:
    """Catches: the viewbox problem's subtype, message or line changed."""
    document, _ = parse_svg(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" font-family="Arial">\n<rect width="5"/>\n</svg>'
    )
    assert [(p.subtype, p.message, p.line) for p in lint(document)] == [
        ("viewbox", "the <svg> has no viewBox: it cannot scale with the page", 2)
    ]


def test_web_fonts_in_any_case_and_in_a_font_family_attribute() -> None:
    """Catches: ``@FONT-FACE`` missed (``re.I`` dropped); the ``font-family`` attribute not read;
    quote stripping that also strips the letter X from a family name."""
    assert subtypes("<style>@FONT-FACE { src: local(x) }</style>", "webfont") == [
        ("webfont", "web fonts (@font-face, @import) do not survive PDF conversion", 2)
    ]
    assert subtypes('<text x="10" y="40" font-size="12" font-family="Xolonium">Hi</text>', "webfont") == [
        ("webfont", "font 'Xolonium' is not one of the book's fonts; it will be substituted in the PDF", 2)
    ]


def test_labels_and_boxes_read_text_across_nested_tspans() -> None:
    """Catches: the text of nested tspans joined by anything but "" (a label "aXXXXb"; a box
    wide enough to leave the viewBox); a positioned <text> without text of its own boxed."""
    assert subtypes(
        '<text x="10" y="100" font-size="12">a<tspan>b</tspan></text>\n<text x="10" y="100" font-size="12">cd</text>',
        "text-overlap",
    ) == [("text-overlap", "text 'cd' overlaps 'ab' (line 2, estimated)", 3)]
    assert linted('<text x="10" y="100"><tspan x="370" y="100">a<tspan>b</tspan></tspan></text>') == []
    assert linted('<text x="5" y="100"><tspan x="5" y="100">a</tspan></text>') == []


def test_a_transformed_text_does_not_stop_the_box_estimates() -> None:
    """Catches: ``break`` for ``continue`` after a transformed text (the texts after it unchecked)."""
    assert subtypes(
        '<text x="0" y="100" font-size="12" transform="rotate(5)">r</text>\n<text x="395" y="150" font-size="12">outside</text>',
        "text-outside",
    ) == [("text-outside", "text 'outside' runs outside the viewBox (estimated)", 3)]


def test_the_viewbox_edges_allow_exactly_one_pixel() -> None:
    """Catches: ``<=`` for ``<`` at the left or top edge, ``+ 1`` for ``- 1`` at the top.

    At 15px the top of a line is y - 12 and its left is x (anchor start).
    """
    assert subtypes('<text x="-1" y="100" font-size="15">a</text>', "text-outside") == []
    assert subtypes('<text x="10" y="11" font-size="15">a</text>', "text-outside") == []
    assert subtypes('<text x="10" y="10.5" font-size="15">a</text>', "text-outside") == [
        ("text-outside", "text 'a' runs outside the viewBox (estimated)", 2)
    ]


TITLE16 = '<text x="10" y="40">Title</text>'  # 16px, the default: top 27.2, baseline 40


def test_a_title_at_the_default_size_needs_its_gap() -> None:
    """Catches: a first text of exactly the default size not taken for a title (``<=``)."""
    assert subtypes(f'{TITLE16}\n<rect x="0" y="45" width="50" height="10"/>', "title-gap") == [
        ("title-gap", "content starts 5px below the title's baseline (y=40); leave at least 16px", 3)
    ]


def test_only_visible_content_after_the_title_counts_for_its_gap() -> None:
    """Catches: content before the title counted (``seen_title`` True from the start, or
    ``and`` for ``or``); content in <defs> counted (``local(None)``)."""
    assert subtypes(f'<rect x="0" y="0" width="50" height="10"/>\n{TITLE16}', "title-gap") == []
    assert subtypes(f'{TITLE16}\n<defs><rect x="0" y="45" width="5" height="5"/></defs>', "title-gap") == []


def test_elements_without_a_top_after_the_title() -> None:
    """Catches: ``min()`` of no tops (an empty <text>, a <polyline> without points); a one-point
    polyline's top lost (``points[2::2]``)."""
    assert subtypes(f'{TITLE16}\n<text x="10" y="100"></text>\n<polyline/>', "title-gap") == []
    assert subtypes(f'{TITLE16}\n<polyline points="10 50"/>', "title-gap") == [
        ("title-gap", "content starts 10px below the title's baseline (y=40); leave at least 16px", 3)
    ]


def print_problems(view: str, body: str, width: float, minimum: float) -> list[tuple[str, str, int]]:
    from exts.diagrams.lints import print_sizes

    document, found = parse_svg(
        f'<svg xmlns="http://www.w3.org/2000/svg" {view} font-family="Arial">\n{body}\n</svg>'
    )
    assert document is not None, found
    return [(p.subtype, p.message, p.line) for p in print_sizes(document, width, minimum)]


def test_print_sizes_message_scale_and_edge_cases() -> None:
    """Catches: the scale from ``right + left`` (a viewBox not at 0), the printed size or the
    size needed computed the wrong way round, the subtype lost; ``>`` for ``>=`` at exactly the
    minimum; the later of two equally small texts reported; a missing or zero-width viewBox or
    a minimum of 1 pt switching the lint off (or failing)."""
    text = '<text x="110" y="20" font-size="10">a</text>'
    assert print_problems('viewBox="100 0 800 400"', text, 400, 6) == [
        ("print-size", "text of 10px prints at 5.0 pt at the print text width (400 pt for a viewBox 800"
         " wide); the minimum is 6 pt: use 12.0px or more, or a narrower viewBox", 2)
    ]
    assert print_problems('viewBox="0 0 400 200"', '<text y="20" font-size="6">a</text>', 400, 6) == []
    two = '<text y="20" font-size="5">a</text>\n<text y="40" font-size="5">b</text>'
    assert [line for *_, line in print_problems('viewBox="0 0 400 200"', two, 400, 6)] == [2]
    assert print_problems("", text, 400, 6) == []
    assert print_problems('viewBox="0 0 0 200"', text, 400, 6) == []
    assert [line for *_, line in print_problems('viewBox="0 0 400 200"', text, 100, 1)] == []  # 2.5 pt
    assert [line for *_, line in print_problems('viewBox="0 0 400 200"', two, 100, 1.5)] == [2]  # 1.25 pt
    tiny = '<text y="20" font-size="2">a</text>'
    assert [line for *_, line in print_problems('viewBox="0 0 400 200"', tiny, 100, 1)] == [2]  # 0.5 pt


# -- status, suggestions, conventions, round 2 ---------------------------------------------------


def test_a_named_hyperlink_is_not_a_citation() -> None:
    """Catches: every node with a ``refname`` counted (``findall(None)``), not citation references."""
    from docutils import nodes
    from docutils.utils import new_document

    from exts.status.counting import citation_keys

    doctree = new_document("chapters/a.md")
    paragraph = nodes.paragraph("", "See ")
    paragraph += nodes.reference("", "the docs", refname="the docs")
    paragraph += nodes.citation_reference("", "", refname="smith")
    doctree += paragraph
    assert citation_keys(doctree, "chapters/a") == {"smith"}


def test_the_matrix_with_another_extensions_columns_and_notes() -> None:
    """Catches: a missing status not shown as "?"; the extra header, totals or notes dropped; a
    note replacing the matrix instead of following it."""
    from exts.status.model import Extra

    rows = [Row("1", "Intro", "intro", stats(100, 1, {"a"}, set(), status=None), None, ("2",))]
    extra = Extra(
        header=("Facts",),
        totals=("2",),
        notes=(("Due", ("Fact", "Due"), (("f1", "2026-12-01"),)), ("Old", ("Fact",), (("f2",),))),
    )
    assert markdown_table(rows, extra) == (
        "| Ch | Title | Status | Words | Diagrams | Citations | Book 1 refs | Facts |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| 1 | Intro | ? | 100 | 1 | 1 | 0 | 2 |\n"
        "|  | Total |  | 100 | 1 | 1 | 0 | 2 |\n"
        "\n## Due\n\n| Fact | Due |\n| --- | --- |\n| f1 | 2026-12-01 |\n"
        "\n## Old\n\n| Fact |\n| --- |\n| f2 |\n"
    )
    assert totals(rows, extra)[-1] == "2"


def test_did_you_mean_puts_preferred_names_first() -> None:
    """Catches: ``preferred`` not passed on to ``closest`` (then alphabetical order wins)."""
    from exts.suggestions import did_you_mean

    assert did_you_mean("cap", ["car", "cat"], preferred=["cat"]) == "; did you mean 'cat' or 'car'?"


def test_section_titles_are_normalised_to_single_spaces() -> None:
    """Catches: ``normal`` joining words with anything but one space."""
    from exts.conventions.sections import normal

    assert normal("Bridging  the\tGap") == "bridging the gap"


def test_a_doi_is_link_enough(tmp_path) -> None:
    """Catches: the ``doi`` field misspelt in ``missing_links`` (a DOI-only entry reported)."""
    assert parsed_bib(tmp_path, "@misc{d,\n title = {D},\n doi = {10.1145/3600006.3613165},\n}\n")[2] == []
