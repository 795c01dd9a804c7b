"""The label rules and the tolerant .bib reader, without Sphinx."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Entry, Person

from exts.works_cited.bibparse import parse_bibfiles, unclosed_entry
from exts.works_cited.labels import source_label, suffixes


def entry(key: str, authors: list[str], year: str = "2024", title: str = "T") -> Entry:
    result = Entry(
        "misc",
        fields={"year": year, "title": title},
        persons={"author": [Person(a) for a in authors]},
    )
    result.key = key
    return result


def test_labels_name_one_two_or_et_al() -> None:
    assert source_label(entry("a", ["{Deepgram}"], "2025")) == "Deepgram, 2025"
    assert source_label(entry("b", ["Kwon, Woosuk", "Yu, Gyeong-In"])) == "Kwon and Yu, 2024"
    assert (
        source_label(entry("c", ["Kwon, Woosuk", "Li, Z", "Zhuang, S"], "2023"))
        == "Kwon et al., 2023"
    )
    assert source_label(entry("d", ["van der Berg, Jan"])) == "van der Berg, 2024"


def test_suffixes_follow_titles_within_one_author_year_pair() -> None:
    entries = [
        entry("google2024vertex", ["{Google}"], title="Vertex AI"),
        entry("google2024gemini", ["{Google}"], title="Gemini API"),
        entry("google2023old", ["{Google}"], "2023"),
    ]
    assert suffixes(entries) == {
        "google2024gemini": "a",
        "google2024vertex": "b",
        "google2023old": "",
    }


def test_unclosed_entry_is_found_where_it_starts() -> None:
    text = (
        "@misc{one,\n  title = {One},\n}\n@misc{two,\n  title = {Two {open},\n}\n@misc{three,\n}\n"
    )
    assert unclosed_entry(text) == (4, "two")
    assert unclosed_entry("@misc{one,\n  title = {One},\n}\n") is None


def test_syntax_error_is_one_problem_with_its_line(tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text(
        "@misc{one,\n  title = {One},\n  url = {https://e.org}\n}\n\n@misc{two,\n  title {Two},\n"
        "  url = {https://e.org/2},\n}\n",
        encoding="utf-8",
    )
    parsed = parse_bibfiles([bib], "utf-8")
    assert [(p.subtype, p.message, p.line) for p in parsed.problems] == [
        ("malformed-bib", "malformed .bib: '=' expected", 7)
    ]
    assert "one" in parsed.data.entries
