"""The structure data model, without Sphinx."""

from __future__ import annotations

import tomllib
from pathlib import Path

from exts.book_structure.model import load_structure, parse_structure, without_root

BOOK = """\
[front]
docs = ["front/preface"]

[[part]]
title = "Foundations"
chapters = ["chapters/a", "chapters/b"]

[[part]]
title = "Scale"
chapters = ["chapters/c"]

[appendices]
docs = ["appendices/primer", "appendices/more"]

[back]
docs = ["back/glossary"]
"""


def parse(text: str):
    return parse_structure(tomllib.loads(text), text.splitlines())


def test_chapters_are_numbered_across_parts_and_appendices_lettered() -> None:
    structure, problems = parse(BOOK)
    assert problems == []
    labels = [(e.docname, e.label_text) for e in structure.entries]
    assert labels == [
        ("front/preface", ""),
        ("chapters/a", "Chapter 1"),
        ("chapters/b", "Chapter 2"),
        ("chapters/c", "Chapter 3"),
        ("appendices/primer", "Appendix A"),
        ("appendices/more", "Appendix B"),
        ("back/glossary", ""),
    ]
    assert [p.caption for p in structure.parts] == ["Part I: Foundations", "Part II: Scale"]
    assert structure.get("chapters/c").part.caption == "Part II: Scale"


def test_next_reading_walks_chapters_then_appendices() -> None:
    structure, _ = parse(BOOK)
    assert structure.next_reading("chapters/b").docname == "chapters/c"
    assert structure.next_reading("chapters/c").docname == "appendices/primer"
    assert structure.next_reading("appendices/more") is None
    assert structure.next_reading("front/preface") is None


def test_slugs_find_documents() -> None:
    structure, _ = parse(BOOK)
    assert structure.by_slug("primer").label == "A"
    assert structure.by_slug("nothing") is None


def test_duplicate_is_reported_on_its_second_line_and_dropped() -> None:
    text = '[[part]]\ntitle = "P"\nchapters = [\n  "chapters/a",\n  "chapters/b",\n  "chapters/a",\n]\n'
    structure, problems = parse(text)
    assert [(p.subtype, p.line) for p in problems] == [("duplicate", 6)]
    assert "first on line 4" in problems[0].message
    assert [e.label for e in structure.entries] == ["1", "2"]


def test_unknown_keys_are_reported() -> None:
    text = '[[part]]\ntitle = "P"\nchapters = []\nappendices = ["x"]\n'
    _, problems = parse(text)
    assert [(p.subtype, p.line) for p in problems] == [("syntax", 4)]
    assert "unknown key 'appendices' in part 1" in problems[0].message


def test_part_without_title_is_reported() -> None:
    _, problems = parse('[[part]]\nchapters = ["chapters/a"]\n')
    assert [(p.subtype, p.line, p.message) for p in problems] == [("syntax", 1, "part 1 has no title")]


def test_invalid_toml_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "book.toml"
    path.write_text('[[part]]\ntitle = "Unclosed\nchapters = []\n', encoding="utf-8")
    structure, problems = load_structure(path)
    assert structure.entries == []
    assert [(p.subtype, p.line) for p in problems] == [("syntax", 2)]


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    _, problems = load_structure(tmp_path / "absent.toml")
    assert [p.subtype for p in problems] == ["unreadable"]


def test_fingerprint_changes_when_a_chapter_moves() -> None:
    before, _ = parse(BOOK)
    after, _ = parse(BOOK.replace('["chapters/a", "chapters/b"]', '["chapters/b", "chapters/a"]'))
    assert before.fingerprint("chapters/c") == after.fingerprint("chapters/c")
    assert before.fingerprint("chapters/a") != after.fingerprint("chapters/a")
    assert after.fingerprint("chapters/unknown") == ("unlisted",)


# -- mutation testing, round 2 (docs/mutation.md): each test names the mutant it kills --


def problems_of(text: str) -> list[tuple[str, str, int]]:
    return [(p.subtype, p.message, p.line) for p in parse(text)[1]]


def test_a_fingerprint_skips_documents_that_have_no_source() -> None:
    """Catches: ``present`` not passed on to ``next_reading`` (the Next link of a missing page)."""
    structure, _ = parse(BOOK)
    assert structure.fingerprint("chapters/a")[2] == "chapters/b"
    assert structure.fingerprint("chapters/a", present={"chapters/a", "chapters/c"})[2] == "chapters/c"


def test_load_structure_reads_a_file_and_names_an_unreadable_one(tmp_path: Path) -> None:
    """Catches: the parsed data or the lines not passed on; the message of an unreadable file lost."""
    path = tmp_path / "book.toml"
    path.write_text('# the book\n[front]\ndocs = ["front/preface"]\n', encoding="utf-8")
    structure, problems = load_structure(path)
    assert problems == []
    assert [(e.docname, e.line) for e in structure.entries] == [("front/preface", 3)]
    _, problems = load_structure(tmp_path / "missing.toml")
    assert [(p.subtype, p.line) for p in problems] == [("unreadable", 1)]
    assert problems[0].message.startswith("cannot read missing.toml: ")


def test_invalid_toml_without_a_line_number_is_reported_on_line_one(tmp_path: Path) -> None:
    """Catches: the fallback line of ``_line_from_message`` changed (tomllib: "at end of document")."""
    path = tmp_path / "book.toml"
    path.write_text("# the book\n# unfinished\nfront = ", encoding="utf-8")
    _, problems = load_structure(path)
    assert [(p.subtype, p.line) for p in problems] == [("syntax", 1)]
    assert "end of document" in problems[0].message


def test_unknown_keys_and_bad_lists_are_found_after_their_own_table() -> None:
    """Catches: ``locator.key(key)`` searched from the top of the file instead of the table's line."""
    text = '[front]\ndocs = ["a"]\nextra = 1\n[back]\ndocs = ["b"]\nextra = 2\n'
    assert problems_of(text) == [
        ("syntax", "unknown key 'extra' in [front]", 3),
        ("syntax", "unknown key 'extra' in [back]", 6),
    ]
    assert problems_of('[front]\ndocs = ["a"]\n[back]\ndocs = "b"\n') == [
        ("syntax", "docs in [back] must be a list of docnames", 4)
    ]


def test_a_bad_chapters_list_is_located_in_its_own_part() -> None:
    """Catches: every part's ``chapters`` searched from line 1 (the first part's line reported)."""
    text = '[[part]]\ntitle = "One"\nchapters = ["a"]\n[[part]]\ntitle = "Two"\nchapters = "b"\n'
    assert problems_of(text) == [("syntax", "chapters in [part] must be a list of docnames", 6)]


def test_a_book_without_docs_or_parts_has_no_problem() -> None:
    """Catches: a missing ``docs`` or ``part`` key read as None (then "must be a list")."""
    assert problems_of("[front]\n") == []
    assert problems_of('[front]\ndocs = ["a"]\n') == []


def test_an_unknown_top_level_key_on_line_one_is_reported_there() -> None:
    """Catches: the top-level search starting after line 1 (it would find the part's ``title``)."""
    text = 'title = "My book"\n[[part]]\ntitle = "One"\nchapters = ["a"]\n'
    assert problems_of(text) == [("syntax", "unknown key 'title' in book.toml", 1)]


def test_parts_not_written_as_tables_are_located_at_the_part_key() -> None:
    """Catches: ``locator.key("part")`` misspelt (the problem would fall back to line 1)."""
    message = "parts are written as [[part]] tables"
    assert problems_of("# the book\npart = 5\n") == [("syntax", message, 2)]
    assert problems_of('# the book\npart = ["x"]\n') == [("syntax", message, 2)]


def test_parts_past_the_twelfth_are_numbered_in_digits() -> None:
    """Catches: the number of a 13th part (ROMAN stops at XII) off by one, or an IndexError."""
    text = "".join(f'[[part]]\ntitle = "P{n}"\nchapters = ["c{n}"]\n' for n in range(1, 14))
    structure, problems = parse(text)
    assert problems == []
    assert [p.number for p in structure.parts] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "13"
    ]


def test_removing_the_root_keeps_the_parts() -> None:
    """Catches: ``without_root`` dropping ``structure.parts``."""
    structure, _ = parse(BOOK)
    kept, problems = without_root(structure, "front/preface")
    assert [p.caption for p in kept.parts] == ["Part I: Foundations", "Part II: Scale"]
    assert [p.subtype for p in problems] == ["root-listed"]


def test_three_appendices_are_lettered_a_b_c() -> None:
    """Catches: ``letter = 1`` for ``letter += 1`` (a third appendix would be B again)."""
    structure, _ = parse('[appendices]\ndocs = ["x", "y", "z"]\n')
    assert [e.label for e in structure.entries] == ["A", "B", "C"]


def test_values_the_locator_cannot_find_fall_back_to_line_one() -> None:
    """Catches: the "not found" line of ``find``, ``key`` and ``nth`` changed from 1.

    A padded docname, a quoted table name and an inline array of parts are
    not written the way the locator searches for them: the problem is then
    reported at line 1, the file.
    """
    structure, _ = parse('# the book\n[front]\ndocs = [" a"]\n')
    assert [(e.docname, e.line) for e in structure.entries] == [("a", 1)]
    assert problems_of('# the book\n# front matter\n"front" = 5\n') == [
        ("syntax", "front must be a table ([front])", 1)
    ]
    assert problems_of('# the book\n# parts\npart = [{chapters = ["a"]}]\n') == [
        ("syntax", "part 1 has no title", 1)
    ]


def test_a_key_on_line_one_is_found_there() -> None:
    """Catches: ``_Locator.key`` searching from line 2 by default (the later ``partner`` found)."""
    assert problems_of("part = 5\npartner = 1\n") == [
        ("syntax", "unknown key 'partner' in book.toml", 2),
        ("syntax", "parts are written as [[part]] tables", 1),
    ]
