"""The content security policy: nothing outside the repository is read, raw markup is refused.

The root's symlinks point at files outside its folder; the test makes them
(a repository should not hold links to a machine's files).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp

SECRET = "secret-payload"
SVG = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>{SECRET}</text></svg>\n'
BIB = f"@misc{{leak2024, title = {{{SECRET}}}, year = {{2024}}, url = {{https://x.test/}}}}\n"


def policy_book(rootdir: Path, tmp_path: Path) -> Path:
    """The policy root, with symlinks to a diagram, a text file and a .bib outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.svg").write_text(SVG, encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.bib").write_text(BIB, encoding="utf-8")
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-policy", src)
    (src / "diagrams/alpha/secret.svg").symlink_to(outside / "secret.svg")
    (src / "snippets/link.txt").symlink_to(outside / "secret.txt")
    (src / "bib/outside.bib").symlink_to(outside / "secret.bib")
    return src


EXPECTED = [
    "bib/outside.bib:1: WARNING: bib/outside.bib resolves outside the repository (a symlink?): not read"
    " [works-cited.outside]",
    "chapters/alpha.md:11: WARNING: diagram alpha/secret.svg resolves outside the source folder (a symlink?):"
    " not read [diagram.outside]",
    "chapters/alpha.md:20: WARNING: include of '../../../../../../../../etc/passwd' refused: it resolves outside"
    " the repository; the file is not read [policy.outside]",
    "chapters/alpha.md:23: WARNING: literalinclude of '/../../../../../../../../etc/passwd' refused: it resolves"
    " outside the repository; the file is not read [policy.outside]",
    "chapters/alpha.md:27: WARNING: literalinclude of '../snippets/link.txt' refused: it resolves outside the"
    " repository; the file is not read [policy.outside]",
    "snippets/inside.md:3: WARNING: include of '../../../../../../../../etc/hostname' refused: it resolves"
    " outside the repository; the file is not read [policy.outside]",
    "chapters/beta.md:3: WARNING: raw html refused: '<script> </script>'; add the format to policy_raw_formats"
    " in conf.py to allow it [policy.raw]",
    "chapters/beta.md:5: WARNING: raw html refused: '<img src=\"x\" onerror=\"alert(\\'img-payload\\')\">'; add the"
    " format to policy_raw_formats in conf.py to allow it [policy.raw]",
    "chapters/beta.md:7: WARNING: raw html refused: \"<script>alert('raw-payload')</script>\"; add the format to"
    " policy_raw_formats in conf.py to allow it [policy.raw]",
    "chapters/beta.md:11: WARNING: raw latex refused: '\\\\input{/etc/passwd}'; add the format to"
    " policy_raw_formats in conf.py to allow it [policy.raw]",
]


def body(path: Path) -> str:
    """The written text of an output file: for HTML, the page body without the theme's scripts."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        main = BeautifulSoup(text, "html.parser").select_one("div.body")
        return str(main) if main else ""
    return text


def located(app: SphinxTestApp) -> list[str]:
    return [line.replace(f"{app.srcdir}/", "") for line in warning_lines(app)]


@pytest.mark.parametrize(("builder", "suffix"), [("html", "html"), ("latex", "tex")])
def test_nothing_outside_the_repository_is_read_and_raw_markup_is_refused(
    make_app, rootdir: Path, tmp_path: Path, builder: str, suffix: str
) -> None:
    app = make_app(builder, srcdir=policy_book(rootdir, tmp_path))
    app.build()
    assert sorted(located(app)) == sorted(EXPECTED)
    text = "".join(body(path) for path in Path(app.outdir).rglob(f"*.{suffix}"))
    for payload in (SECRET, "root:x:0", "raw-payload", "img-payload", "<script", "/etc/passwd", "\\input"):
        assert payload not in text, payload
    assert "Inside snippet text." in text and "Plain prose." in text


def test_an_opted_in_format_is_kept(make_app, rootdir: Path, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=policy_book(rootdir, tmp_path),
                   confoverrides={"policy_raw_formats": ["latex"]})
    app.build()
    assert not [line for line in located(app) if "raw latex" in line]
    assert "\\input{/etc/passwd}" in "".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))
