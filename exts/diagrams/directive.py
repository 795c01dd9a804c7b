"""``diagram``: a numbered figure around a sanitized, linted SVG."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from exts import filememo
from exts.paths import inside
from exts.suggestions import did_you_mean

from . import output
from .lints import lint, print_sizes
from .loading import load_source
from .logging import warn
from .model import Problem
from .nodes import diagram_image
from .sanitize import sanitize

SUFFIXES = (".svg", ".html")


def diagrams_folder(srcdir: str | Path, folder: str) -> Path:
    return Path(srcdir) / folder


def diagram_files(folder: Path) -> list[str]:
    """Every diagram source under ``folder``, as a path relative to it (links not followed)."""
    found = []
    for root, _dirs, files in os.walk(folder):
        found += [
            (Path(root) / name).relative_to(folder).as_posix()
            for name in files
            if name.lower().endswith(SUFFIXES)
        ]
    return found


class DiagramDirective(SphinxDirective):
    """A diagram from ``source/diagrams/<path>`` with caption, label, alt text and width."""

    required_arguments = 1
    has_content = True
    option_spec = {
        "name": directives.unchanged,
        "alt": directives.unchanged,
        "width": directives.length_or_percentage_or_unitless,
    }

    def run(self) -> list[nodes.Node]:
        source = self.arguments[0]
        figure = nodes.figure("", classes=["diagram"])
        self.set_source_info(figure)
        self.add_name(figure)
        image = diagram_image(
            source=source,
            svg="",
            inline="",
            digest="",
            alt=self.options.get("alt", "").strip(),
            width=css_width(self.options.get("width", "")),
        )
        self.set_source_info(image)
        figure += image
        if not image["alt"]:
            warn(f"diagram {source} has no :alt: text", "alt", self.get_location())
        path = self.resolve(source)
        if path is not None:
            self.render(path, image)
        figure += self.caption(source)
        return [figure]

    def resolve(self, source: str) -> Path | None:
        """The diagram's file, noted as a dependency; None (with a warning) if unusable.

        ``x/name.svg`` is under the diagrams folder; ``/assets/name.svg`` (a
        leading slash, as in Sphinx's own directives) is under the source
        folder, where a migrated book keeps its diagrams.
        """
        from_source = source.startswith("/")
        folder = (
            Path(self.env.srcdir)
            if from_source
            else diagrams_folder(self.env.srcdir, self.config.diagrams_dir)
        )
        relative = PurePosixPath(source.lstrip("/"))
        path = folder / relative
        if ".." in relative.parts or relative.suffix.lower() not in SUFFIXES:
            where = "the source folder" if from_source else f"{self.config.diagrams_dir}/"
            warn(f"{source!r} is not a .svg or .html file under {where}", "missing", self.get_location())
            return None
        self.env.note_dependency(str(path))
        if not inside(path, self.env.srcdir):
            warn(
                f"diagram {source} resolves outside the source folder (a symlink?): not read",
                "outside",
                self.get_location(),
            )
            return None
        if not path.is_file():
            hint = did_you_mean(relative.as_posix(), diagram_files(folder))
            shown = relative.as_posix() if from_source else f"{self.config.diagrams_dir}/{source}"
            warn(
                f"no diagram file {shown}{hint}",
                "missing",
                self.get_location(),
            )
            return None
        return path

    def render(self, path: Path, image: diagram_image) -> None:
        """Load, sanitize and lint the file; report every problem at its line."""
        config = self.config
        problems, markup = rendered(
            path, config.diagrams_print_width, config.diagrams_min_print_size, image["alt"]
        )
        for problem in problems:
            warn(problem.message, problem.subtype, f"{path}:{problem.line}")
        if markup is not None:
            image["svg"], image["inline"], image["digest"] = markup

    def caption(self, source: str) -> list[nodes.Node]:
        """The first paragraph of the content is the caption, the rest a legend."""
        if not self.content:
            warn(
                f"diagram {source} has no caption: it cannot be numbered",
                "caption",
                self.get_location(),
            )
            return []
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        first = holder[0] if len(holder) else None
        if not isinstance(first, nodes.paragraph):
            warn(
                f"the caption of diagram {source} must start with a paragraph",
                "caption",
                self.get_location(),
            )
            return list(holder.children)
        caption = nodes.caption(first.rawsource, "", *first.children)
        caption.source, caption.line = first.source, first.line
        result: list[nodes.Node] = [caption]
        if len(holder) > 1:
            result.append(nodes.legend("", *holder[1:]))
        return result


@filememo.on_files(lambda path, *_settings: [path])
def rendered(
    path: Path, print_width: float, min_print_size: float, alt: str
) -> tuple[list[Problem], tuple[str, str, str] | None]:
    """The file's problems, by line, and its markup (standalone, inline SVG, digest) if it loads.

    Kept by the warm preview while the file is the same (exts/filememo.py).
    """
    document, problems = load_source(path)
    if document is None:
        return problems, None
    problems += sanitize(document) + lint(document)
    problems += print_sizes(document, print_width, min_print_size)
    problems.sort(key=lambda problem: problem.line)
    output.isolate(document)
    svg = output.standalone(document)
    return problems, (svg, output.inline(document, alt), output.digest(svg))


def css_width(width: str) -> str:
    """A unitless width is pixels."""
    return f"{width}px" if width and width[-1].isdigit() else width
