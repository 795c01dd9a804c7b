"""Book-wide steps: read bib/ once per build, keep Works Cited current, flag unused entries."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from exts import filememo
from exts.paths import inside

from .bibparse import ParsedBib, parse_bibfiles
from .labels import suffixes
from .logging import warn
from .styles import FORMATTING_STYLE, REFERENCE_STYLE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from .domain import CitationsDomain

BEFORE_BIBTEX = 400  # sphinxcontrib-bibtex reads its bib files at builder-inited, priority 500


def use_book_styles(app: Sphinx, config: Config) -> None:
    """The book's citation form is this extension's job, not a per-project choice."""
    config.bibtex_reference_style = REFERENCE_STYLE
    config.bibtex_default_style = FORMATTING_STYLE
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []  # an empty bib/ is a book that cites nothing yet


def load_bibliography(app: Sphinx) -> None:
    """Parse bib/ tolerantly and hand the result to sphinxcontrib-bibtex.

    sphinxcontrib-bibtex parses in pybtex's strict mode, where a malformed
    file is a traceback; given data that is up to date for the same files,
    it keeps ours. Problems are reported on every build, since they are
    about bib/, not about one document.
    """
    paths = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    encoding = app.config.bibtex_encoding
    outside = outside_repository(app)
    parsed, labels = read_bibliography([path for path in paths if path not in outside], encoding)
    keys = {**parsed.keys, **dict.fromkeys(outside, [])}
    for problem in parsed.problems:
        warn(problem.message, problem.subtype, problem.location)
    bibfiles = {
        path: BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys[path]))
        for path in paths
    }
    cast("BibtexDomain", app.env.get_domain("cite")).data["bibdata"] = BibData(
        encoding, bibfiles, parsed.data
    )
    domain = cast("CitationsDomain", app.env.get_domain("citations"))
    domain.data["suffixes"] = labels
    domain.data["lines"] = parsed.lines


@filememo.on_files(lambda paths, encoding: paths)
def read_bibliography(paths: list[Path], encoding: str) -> tuple[ParsedBib, dict[str, str]]:
    """bib/ parsed, and the year suffixes its entries need (kept by the warm preview)."""
    parsed = parse_bibfiles(paths, encoding)
    return parsed, suffixes(parsed.data.entries.values())


def outside_repository(app: Sphinx) -> set[Path]:
    """The .bib files that resolve outside the repository (symlinks): warned, not read."""
    refused = set()
    for name in app.config.bibtex_bibfiles:
        written = Path(app.confdir) / name
        if not inside(written, app.confdir, app.srcdir):
            warn(
                f"{name} resolves outside the repository (a symlink?): not read",
                "outside",
                f"{written}:1",
            )
            refused.add(written.resolve())
    return refused


def works_cited_outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the Works Cited page whenever what it shows may have changed."""
    domain = cast("CitationsDomain", env.get_domain("citations"))
    cite = cast("BibtexDomain", env.get_domain("cite"))
    signature = (
        sorted(
            (doc, tuple(record.key for record in records)) for doc, records in domain.cited.items()
        ),
        sorted((doc, env.titles[doc].astext()) for doc in domain.cited if doc in env.titles),
        sorted((str(path), bibfile.mtime) for path, bibfile in cite.bibdata.bibfiles.items()),
        env.config.works_cited_frequent_threshold,
    )
    if signature == domain.data["signature"]:
        return []
    domain.data["signature"] = signature
    return sorted(domain.pages)


def check_unused(app: Sphinx, env: BuildEnvironment) -> None:
    """Every entry in bib/ is cited somewhere."""
    domain = cast("CitationsDomain", env.get_domain("citations"))
    cited = {record.key for records in domain.cited.values() for record in records}
    for key, (path, line) in domain.data.get("lines", {}).items():
        if key not in cited:
            warn(f"entry {key!r} is not cited by any document", "unused", f"{path}:{line}")
