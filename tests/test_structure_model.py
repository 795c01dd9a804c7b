"""The structure data model, without Sphinx."""

from __future__ import annotations

import tomllib
from pathlib import Path

from exts.book_structure.model import load_structure, parse_structure

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
