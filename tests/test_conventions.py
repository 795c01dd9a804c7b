"""The chapter conventions: each rule's located warning, and silence where a rule does not apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp

from exts.conventions.sections import Heading, check_required
from exts.conventions.text import hardcoded_numbers, placeholders


def located(app: SphinxTestApp, docname: str) -> list[str]:
    """Warnings for ``docname``, with the source directory removed from the location."""
    prefix = f"{Path(app.srcdir) / docname}.md:"
    return [line.removeprefix(prefix) for line in warning_lines(app) if line.startswith(prefix)]


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_a_chapter_that_follows_every_rule_is_silent(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "chapters/good") == []
    assert located(app, "chapters/sketchy") == []  # placeholders are allowed in outlines


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_required_sections_out_of_order(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "chapters/disordered") == [
        "17: WARNING: '## Overview' must be the first section of the document"
        " [conventions.section-order]",
        "7: WARNING: '## Bridging the Gap' must come after '## Overview'"
        " [conventions.section-order]",
        "21: WARNING: '## Summary' must come after '## Common Pitfalls'"
        " [conventions.section-order]",
        "9: WARNING: '### From the API side' must come after '### From the ML side'"
        " [conventions.section-order]",
    ]


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_missing_sections_and_deep_headings(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "chapters/incomplete") == [
        "5: WARNING: the document has no '## Common Pitfalls' section"
        " [conventions.missing-section]",
        "5: WARNING: the document has no '## Summary' section [conventions.missing-section]",
        "11: WARNING: '## Bridging the Gap' has no '### From the API side' section"
        " [conventions.missing-section]",
        "23: WARNING: '##### Too Deep' is deeper than #### [conventions.heading-depth]",
    ]


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_typed_numbers_are_flagged_on_their_own_line(app: SphinxTestApp) -> None:
    app.build()
    hint = (
        "is a typed number: use a reference ({chapter}, {numref}, {book1})"
        " [conventions.hardcoded-number]"
    )
    assert [line for line in located(app, "chapters/typed") if "table-caption" not in line] == [
        f"9: WARNING: 'Chapter 7' {hint}",
        f"9: WARNING: 'Ch. 3' {hint}",
        f"10: WARNING: 'Figure 3.2' {hint}",
        f"10: WARNING: 'Appendix A' {hint}",
        f"10: WARNING: 'Table 1.1' {hint}",
        f"30: WARNING: 'Chapter 9' {hint}",  # in a heading
        f"32: WARNING: 'Figure 9.9' {hint}",  # in a table cell: MyST locates the table
    ]
    # The preface is held to the number rule but needs no chapter sections.
    assert located(app, "front/preface") == [f"9: WARNING: 'Chapter 2' {hint}"]


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_placeholders_in_a_draft(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "chapters/drafty") == [
        "9: WARNING: placeholder text 'TODO' in a draft document [conventions.placeholder]",
        "10: WARNING: placeholder text 'lorem ipsum' in a draft document [conventions.placeholder]",
        "10: WARNING: placeholder text 'TBD' in a draft document [conventions.placeholder]",
        "10: WARNING: placeholder text 'XXX' in a draft document [conventions.placeholder]",
    ]


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_the_appendix_needs_overview_and_summary_only(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "appendices/primer") == [
        "5: WARNING: the document has no '## Overview' section [conventions.missing-section]",
    ]


@pytest.mark.sphinx("html", testroot="conventions-opener", freshenv=True)
def test_written_chapters_need_an_opener_diagram(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "chapters/opened") == []
    assert located(app, "chapters/outlined") == []  # outlines follow the outline rules only
    assert located(app, "chapters/unopened") == [
        "7: WARNING: no opener diagram before '## Overview' [conventions.opener-diagram]",
    ]


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_without_a_diagram_directive_there_is_no_opener_rule(app: SphinxTestApp) -> None:
    app.build()
    assert not [w for w in warning_lines(app) if "opener-diagram" in w]


def test_typed_number_patterns() -> None:
    found = [
        m.group()
        for m in hardcoded_numbers("Chapter 12, Ch.4, Fig. 2.1, Figure A.3, Appendix B, Appendixes")
    ]
    assert found == ["Chapter 12", "Ch.4", "Fig. 2.1", "Figure A.3", "Appendix B"]
    assert hardcoded_numbers("Amazon Appendix Amazing chapter") == []


def test_placeholder_patterns() -> None:
    assert [m.group() for m in placeholders("TODO: Lorem Ipsum, TBD")] == [
        "TODO",
        "Lorem Ipsum",
        "TBD",
    ]
    assert placeholders("a todo list, xxx-large, tbd") == []


def test_required_sections_model() -> None:
    top = Heading(1, "T", 1, [Heading(2, "Overview", 3), Heading(2, "Summary", 5)])
    assert check_required("appendix", top) == []
    assert check_required("front", top) == []
    assert [p.subtype for p in check_required("chapter", top)] == [
        "missing-section",
        "missing-section",
    ]


@pytest.mark.sphinx("html", testroot="conventions", freshenv=True)
def test_a_table_without_a_caption_is_flagged_at_its_line(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "chapters/tables") == [
        "15: WARNING: table without a caption: give it one (a ':::{table} Caption' fence or "
        "'{table} Caption' directive) so it is numbered in every format [conventions.table-caption]"
    ]


@pytest.mark.sphinx(
    "html", testroot="conventions", freshenv=True,
    confoverrides={"suppress_warnings": ["conventions.table-caption"]},
)
def test_the_table_caption_warning_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    assert located(app, "chapters/tables") == []


# One chapter per rule the checker enforces, with the exact located warning it
# must give (issue 20). The two position rules that had no test before,
# "directly follow" and "last", each have a chapter that breaks only them.
EVERY_RULE = [
    ("missing-section", "conventions", "chapters/incomplete",
     "5: WARNING: the document has no '## Summary' section [conventions.missing-section]"),
    ("missing-subsection", "conventions", "chapters/incomplete",
     "11: WARNING: '## Bridging the Gap' has no '### From the API side' section"
     " [conventions.missing-section]"),
    ("first", "conventions", "chapters/disordered",
     "17: WARNING: '## Overview' must be the first section of the document [conventions.section-order]"),
    ("order", "conventions", "chapters/disordered",
     "21: WARNING: '## Summary' must come after '## Common Pitfalls' [conventions.section-order]"),
    ("directly-follows", "conventions", "chapters/unbridged",
     "15: WARNING: '## Bridging the Gap' must directly follow '## Overview' [conventions.section-order]"),
    ("last", "conventions", "chapters/trailing",
     "25: WARNING: '## Summary' must be the last section of the document [conventions.section-order]"),
    ("heading-depth", "conventions", "chapters/incomplete",
     "23: WARNING: '##### Too Deep' is deeper than #### [conventions.heading-depth]"),
    ("hardcoded-number", "conventions", "chapters/typed",
     "9: WARNING: 'Chapter 7' is a typed number: use a reference ({chapter}, {numref}, {book1})"
     " [conventions.hardcoded-number]"),
    ("placeholder", "conventions", "chapters/drafty",
     "9: WARNING: placeholder text 'TODO' in a draft document [conventions.placeholder]"),
    ("opener-diagram", "conventions-opener", "chapters/unopened",
     "7: WARNING: no opener diagram before '## Overview' [conventions.opener-diagram]"),
    ("table-caption", "conventions", "chapters/tables",
     "15: WARNING: table without a caption: give it one (a ':::{table} Caption' fence or "
     "'{table} Caption' directive) so it is numbered in every format [conventions.table-caption]"),
]
ONLY_RULE_BROKEN = {"chapters/unbridged", "chapters/trailing"}


@pytest.mark.parametrize(
    ("rule", "root", "docname", "warning"), EVERY_RULE, ids=[rule for rule, *_ in EVERY_RULE]
)
def test_every_rule_has_a_chapter_that_breaks_it(
    make_app, rootdir: Path, tmp_path: Path, rule: str, root: str, docname: str, warning: str
) -> None:
    import shutil

    shutil.copytree(rootdir / f"test-{root}", tmp_path / root)
    app = make_app("html", srcdir=tmp_path / root, freshenv=True)
    app.build()
    found = located(app, docname)
    if docname in ONLY_RULE_BROKEN:
        assert found == [warning]
    else:
        assert warning in found


def test_the_rule_table_covers_every_subtype_the_checker_emits() -> None:
    """Independent of the table: the subtypes written in the checker's source."""
    import re

    from conftest import REPO

    folder = REPO / "exts" / "conventions"
    sections = (folder / "sections.py").read_text(encoding="utf-8")
    check = (folder / "check.py").read_text(encoding="utf-8")
    emitted = set(re.findall(r'Problem\(\s*"([a-z-]+)"', sections))
    emitted |= set(re.findall(r'"([a-z-]+)",\s*\n\s*\(docname', check))
    covered = {warning.rsplit("[conventions.", 1)[1].rstrip("]") for *_, warning in EVERY_RULE}
    assert emitted == covered == {
        "missing-section", "section-order", "heading-depth", "hardcoded-number", "placeholder",
        "opener-diagram", "table-caption",
    }
    positions = set(re.findall(r'rule\.position == "(\w+)"', sections))
    assert positions == {"first", "next", "last"}
