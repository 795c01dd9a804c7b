"""The book's two pybtex styles, registered as plugins for sphinxcontrib-bibtex.

``book`` (formatting style, ``bibtex_default_style``): pybtex's ``unsrt``
entries, which show the URL and DOI as links, sorted by author, year and
title; unknown entry types are formatted as ``@misc``.

``source`` (referencing style, ``bibtex_reference_style``): author-year,
with ``{cite:p}`` rendering the seeds' ``[Source: Kwon et al., 2023]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field as field_
from pybtex.style.template import node, sentence
from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle, BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

from .labels import sort_key, source_label

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.richtext import BaseText
    from pybtex.style import FormattedEntry
    from pybtex.style.template import Node

FORMATTING_STYLE = "book"
REFERENCE_STYLE = "source"
DOMAIN = "citations"


class BookStyle(UnsrtStyle):
    """``unsrt`` entries sorted the way the book's labels read; labels are keys."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sort = sort_entries
        self.format_labels = entry_keys

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        if not hasattr(self, f"get_{entry.type}_template"):
            as_misc = entry.__class__("misc", fields=entry.fields, persons=entry.persons)
            as_misc.key = entry.key
            entry = as_misc
        return super().format_entry(label, entry, bib_data)

    def format_title(self, e: Entry, which_field: str, as_sentence: bool = True) -> Node:
        """Titles as written: "Gemini API Reference", not "Gemini api reference"."""
        title = field_(which_field)
        return sentence[title] if as_sentence else title


def sort_entries(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=sort_key)


def entry_keys(entries: Iterable[Entry]) -> Iterable[str]:
    return (entry.key for entry in entries)


@node
def source(children: list[Any], data: dict[str, Any]) -> BaseText:
    """The label inside the brackets, with the book-wide a/b suffix: Kwon et al., 2023a."""
    entry = data["entry"]
    suffixes = data["reference_info"].builder.env.get_domain(DOMAIN).suffixes
    return Text(source_label(entry, suffixes.get(entry.key, "")))


@dataclass
class SourceParentheticalStyle(BaseReferenceStyle):
    """``{cite:p}`` -> "[Source: Kwon et al., 2023; Yu et al., 2022]"."""

    bracket: BracketStyle = field(
        default_factory=lambda: BracketStyle(left="[Source: ", right="]", sep="; ")
    )

    def role_names(self) -> Iterable[str]:
        return ["p", "ps", "alp", "alps"]

    def outer(self, role_name: str, children: list[BaseText]) -> Node:
        return self.bracket.outer(children, brackets="al" not in role_name)

    def inner(self, role_name: str) -> Node:
        return join2(sep1=" ", sep2=", ")[pre_text, reference[source], post_text]


@dataclass
class SourceReferenceStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author-year style with the seeds' parenthetical form."""

    def __post_init__(self) -> None:
        super().__post_init__()
        parenthetical = SourceParentheticalStyle()
        self.role_style.update((name, parenthetical) for name in parenthetical.role_names())
