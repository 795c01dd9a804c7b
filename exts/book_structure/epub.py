"""The EPUB: navigation with parts (chapters nest under "Part I: Foundations"),
a generated cover, landmarks and accessibility metadata."""

from __future__ import annotations

import html
import os
import time
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder, NavPoint
from sphinx.transforms.post_transforms import SphinxPostTransform

from .cover import cover_svg
from .loading import get_structure
from .model import BookStructure

COVER_IMAGE = "_static/cover.svg"
PART_OPENING_CLASS = "part-opening"


class BookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with part entries in nav.xhtml.

    The EPUB 2 toc.ncx stays flat: NCX forbids two entries with one target,
    and EPUB 3 reading systems navigate by nav.xhtml.
    """

    def build_navlist(self, navnodes: list[dict[str, Any]]) -> list[NavPoint]:
        return super().build_navlist(with_parts(navnodes, get_structure(self.env), self.out_suffix))

    def build_content(self) -> None:
        """Write the cover and content.opf, then add the cover's property and the
        book's accessibility metadata to content.opf."""
        if self.config.epub_cover and self.config.epub_cover[1]:
            # Sphinx lists the output folder first, then writes the cover page and
            # puts it at the head of the spine: a cover page left there by the last
            # build would be in the spine twice (epubcheck RSC-005). It is rewritten.
            Path(self.outdir, self.coverpage_name).unlink(missing_ok=True)
        cover = self.cover_image()
        if cover:
            target = Path(self.outdir, cover)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                cover_svg(self.config.epub_title, self.config.epub_description, self.config.epub_author),
                encoding="utf-8",
            )
        super().build_content()
        opf = Path(self.outdir) / "content.opf"
        text = opf.read_text(encoding="utf-8")
        metadata = accessibility_metadata(self.config.epub_accessibility_summary)
        text = text.replace("</metadata>", metadata + "</metadata>", 1)
        if cover:
            item = f'href="{html.escape(cover)}" media-type="image/svg+xml"'
            text = text.replace(item + " />", item + ' properties="cover-image" />', 1)
        opf.write_text(text, encoding="utf-8")

    def cover_image(self) -> str | None:
        """The generated cover's path in the EPUB, when epub_cover names it."""
        if self.config.epub_cover and self.config.epub_cover[0] == COVER_IMAGE:
            return COVER_IMAGE
        return None

    def build_navigation_doc(self) -> None:
        """Write nav.xhtml with its landmarks: cover, contents, start of the text."""
        super().build_navigation_doc()
        nav = Path(self.outdir) / "nav.xhtml"
        text = nav.read_text(encoding="utf-8").replace('<nav epub:type="toc">', '<nav epub:type="toc" id="toc">', 1)
        text = text.replace("  </body>", self.landmarks() + "  </body>", 1)
        nav.write_text(text, encoding="utf-8")

    def landmarks(self) -> str:
        """``<nav epub:type="landmarks">``: where a reading system's "Go to" menu leads."""
        structure = get_structure(self.env)
        marks = []
        if self.config.epub_cover and self.config.epub_cover[1]:
            marks.append(("cover", self.coverpage_name, "Cover"))
        # The root document's contents (nav.xhtml itself is not in the spine).
        marks.append(("toc", self.config.root_doc + self.out_suffix, self.guide_titles["toc"]))
        front = structure.of_kind("front")
        if front:
            marks.append(("frontmatter", front[0].docname + self.out_suffix, "Front Matter"))
        first_chapter = next(iter(structure.of_kind("chapter")), None)
        if first_chapter is not None:
            marks.append(("bodymatter", first_chapter.docname + self.out_suffix, "Start of Content"))
        back = structure.of_kind("back")
        if back:
            marks.append(("backmatter", back[0].docname + self.out_suffix, "Back Matter"))
        items = "".join(
            f'        <li><a epub:type="{kind}" href="{html.escape(href)}">{html.escape(title)}</a></li>\n'
            for kind, href, title in marks
        )
        return (
            '    <nav epub:type="landmarks" id="landmarks" hidden="hidden">\n'
            "      <h2>Landmarks</h2>\n      <ol>\n" + items + "      </ol>\n    </nav>\n"
        )

    def build_epub(self) -> None:
        """Write the .epub; with SOURCE_DATE_EPOCH set, give every entry that date."""
        super().build_epub()
        if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
            stamp_zip_entries(Path(self.outdir) / f"{self.config.epub_basename}.epub", int(epoch))


class EpubPartOpenings(SphinxPostTransform):
    """A "Part II: Audio Streaming" line above the title of each part's first chapter.

    Print gives every part a page of its own; the EPUB has no part pages (a
    part's navigation entry leads to its first chapter), so without this line a
    reader turning pages never sees where a part begins.
    """

    default_priority = 200
    builders = ("epub",)

    def run(self, **kwargs: object) -> None:
        structure = get_structure(self.env)
        entry = structure.get(self.env.current_document.docname)
        if entry is None or entry.part is None or structure.in_part(entry.part)[0] is not entry:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        opening = nodes.paragraph("", entry.part.caption, classes=[PART_OPENING_CLASS])
        section.parent.insert(section.parent.index(section), opening)


def stamp_zip_entries(path: Path, epoch: int) -> None:
    """Rewrite a zip so every entry carries the same timestamp (reproducible builds)."""
    date_time = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            stamped = zipfile.ZipInfo(info.filename, date_time=date_time)
            stamped.compress_type = info.compress_type
            stamped.external_attr = info.external_attr
            target.writestr(stamped, data)


def accessibility_metadata(summary: str) -> str:
    """EPUB Accessibility 1.1 discovery metadata (schema.org terms)."""
    properties = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", summary),
    ]
    return "".join(f'  <meta property="{name}">{html.escape(value)}</meta>\n  ' for name, value in properties)


def with_parts(
    refnodes: list[dict[str, Any]], structure: BookStructure, suffix: str
) -> list[dict[str, Any]]:
    """Insert one entry per part and move its chapters one level down.

    A part entry links to the part's first chapter (EPUB navigation entries
    need a target, and a part has no page of its own in EPUB).
    """
    result: list[dict[str, Any]] = []
    current = None
    for node in refnodes:
        docname = html.unescape(node["refuri"]).split("#", 1)[0].removesuffix(suffix)
        if node["level"] == 1:
            entry = structure.get(docname)
            part = entry.part if entry else None
            if part is not None and part != current:
                result.append({"level": 1, "refuri": node["refuri"], "text": html.escape(part.caption)})
            current = part
        result.append({**node, "level": node["level"] + (1 if current else 0)})
    return result


def exclude_buildinfo_backup(app: Any, config: Any) -> None:
    """Keep Sphinx's own ``.buildinfo.bak`` out of the EPUB.

    Sphinx's HTML builder (which the EPUB builder extends) saves ``.buildinfo``
    as ``.buildinfo.bak`` when the configuration changed since the last build,
    and the EPUB builder, which skips ``.buildinfo`` only, then warns "unknown
    mimetype for .buildinfo.bak": a second build after a conf.py edit failed
    under ``-W``.
    """
    if ".buildinfo.bak" not in config.epub_exclude_files:
        config.epub_exclude_files = [*config.epub_exclude_files, ".buildinfo.bak"]
