"""Every warning about an unknown name says what was probably meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp

from exts.suggestions import closest, edit_distance


def test_edit_distance_counts_a_swap_of_neighbours_once() -> None:
    assert edit_distance("base46", "base64", 3) == 1
    assert edit_distance("kitten", "sitting", 5) == 3
    assert edit_distance("abc", "abc", 2) == 0
    assert edit_distance("short", "a-much-longer-name", 2) == 3  # capped at limit + 1


def test_closest_prefers_nearer_then_preferred_names() -> None:
    keys = ["yu2022orca", "yu2022survey", "kwon2023efficient"]
    assert closest("yu2022orcs", keys) == ["yu2022orca"]
    assert closest("yu2022orcac", ["yu2022orcaa", "yu2022orcab"], preferred=["yu2022orcab"]) == [
        "yu2022orcab",
        "yu2022orcaa",
    ]
    assert closest("zzz", keys) == []
    assert closest("kv cache", ["KV cache"]) == ["KV cache"]  # case alone is a near miss


def test_closest_is_fast_on_hostile_lengths() -> None:
    assert closest("x" * 100_000, ["y" * 100_000] * 3) == []


@pytest.mark.sphinx("html", testroot="suggestions")
def test_each_typo_kind_names_its_fix(app: SphinxTestApp) -> None:
    """Also: a role's warning carries the role's own line (the Book 1 key is on
    the second line of its paragraph, the term too, the label on the third)."""
    app.build()
    source = Path(app.srcdir) / "chapters" / "streaming-audio-architecture.md"
    registry = app.config.book1_registry_file
    assert warning_lines(app) == [
        f"{source}:7: WARNING: no diagram file diagrams/alpha/binary-vs-base46.svg; did you mean"
        " 'alpha/binary-vs-base64.svg'? [diagram.missing]",
        f"{source}:15: WARNING: unknown Book 1 chapter 'netwrok' (keys are listed in {registry});"
        " did you mean 'network'? [book1.unknown-key]",
        f"{source}:5: WARNING: unknown citation key 'josefson2006base16': no entry in bib/ has"
        " this key; did you mean 'josefsson2006base16'? [works-cited.unknown-key]",
        f"{Path(app.srcdir)}/diagrams/alpha/binary-vs-base64.svg:1: WARNING:"
        " diagrams/alpha/binary-vs-base64.svg is used by no diagram directive"
        " [diagram.unreferenced]",
        f"{Path(app.srcdir)}/bib/refs.bib:1: WARNING: entry 'josefsson2006base16' is not cited"
        " by any document [works-cited.unused]",
        f"{source}:14: WARNING: unknown chapter 'streaming-audio-architcture': no document in"
        " book.toml has that slug; did you mean 'streaming-audio-architecture'?"
        " [book.unknown-chapter]",
        f"{source}:18: WARNING: term not in glossary: 'KV cahce'; did you mean 'KV cache'?"
        " [ref.term]",
        f"{source}:19: WARNING: undefined label: 'fig-binray'; did you mean 'fig-binary'?"
        " [ref.numref]",
    ]
