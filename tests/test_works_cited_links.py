"""The .bib link policy: a url is http(s), a doi is a DOI; anything else is a
located warning at the .bib line and is linked in no format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp

from exts.works_cited.links import safe_doi, safe_url

EXPECTED = [
    "bib/refs.bib:5: WARNING: entry 'evil2024': url 'javascript:alert(document.domain)' is not an "
    "http(s) URL: not linked [works-cited.unsafe-url]",
    "bib/refs.bib:12: WARNING: entry 'data2024': url 'data:text/html,<script>alert(1)</script>' is not "
    "an http(s) URL: not linked [works-cited.unsafe-url]",
    "bib/refs.bib:26: WARNING: entry 'baddoi2024': doi 'javascript:alert(1)' is not a DOI (10.NNNN/...): "
    "not linked [works-cited.unsafe-url]",
]
BAD = ("javascript:", "data:text", "alert(")


def located(app: SphinxTestApp) -> list[str]:
    """Warnings with the source directory cut off the front."""
    return [line.replace(f"{app.srcdir}/", "") for line in warning_lines(app)]


def outputs(app: SphinxTestApp, suffix: str) -> list[Path]:
    return sorted(Path(app.outdir).rglob(f"*.{suffix}"))


@pytest.mark.parametrize(("builder", "suffix"), [("html", "html"), ("latex", "tex"), ("epub", "xhtml")])
def test_unsafe_bib_links_are_warned_and_never_linked(
    make_app, rootdir: Path, tmp_path: Path, builder: str, suffix: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-works-cited-unsafe", src)
    app: SphinxTestApp = make_app(builder, srcdir=src)
    app.build()
    assert located(app) == EXPECTED
    files = outputs(app, suffix)
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        for bad in BAD:
            assert bad not in text, f"{bad} in {path.name}"
    assert any("https://example.org/good" in path.read_text(encoding="utf-8") for path in files)


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("//evil.test/x", False),
        ("https:/no-host", False),
        ("vbscript:x", False),
        ("relative/path", False),
    ],
)
def test_url_policy(value: str, safe: bool) -> None:
    assert safe_url(value) is safe


@pytest.mark.parametrize(
    ("value", "safe"),
    [("10.1145/3600006.3613165", True), ("10.48550/arXiv.2212.04356", True),
     ("javascript:alert(1)", False), ("https://doi.org/10.1/x", False), ("10.1/x", False)],
)
def test_doi_policy(value: str, safe: bool) -> None:
    assert safe_doi(value) is safe
