"""``include`` and ``literalinclude`` read only files inside the repository.

Each document's text (``source-read``) and each included text
(``include-read``) is scanned for these directives before MyST or Sphinx
sees it; one that names a file outside the repository (``../../..``, an
absolute path elsewhere, a symlink that leaves) is renamed to
``refused-include``, which renders nothing, so the file is never opened.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from exts.paths import inside

from .logging import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

INCLUDE = re.compile(
    r"^(?P<lead>[ \t>]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{)(?P<name>include|literalinclude)(?P<close>\}[ \t]*)"
    r"(?P<arg>\S[^\n]*?)[ \t]*$"
    r"|^(?P<rlead>[ \t]*\.\.[ \t]+)(?P<rname>include|literalinclude)(?P<rclose>::[ \t]*)"
    r"(?P<rarg>\S[^\n]*?)[ \t]*$",
    re.M,
)
REFUSED = "refused-include"


def roots(app: Sphinx) -> tuple[Path, ...]:
    """The repository: the source folder and the configuration folder."""
    return (Path(app.srcdir), Path(app.confdir))


def target(app: Sphinx, argument: str, folder: Path) -> Path:
    """The file an include names, as Sphinx resolves it (absolute means from the source folder)."""
    if argument.startswith("<") and argument.endswith(">"):
        return Path("/nonexistent/docutils-standard") / argument[1:-1]
    relative = PurePosixPath(argument)
    if relative.is_absolute():
        return Path(app.srcdir) / str(relative).lstrip("/")
    return folder / relative


def confine(app: Sphinx, text: str, folder: Path, where: Callable[[int], object]) -> str:
    """``text`` with every include of a file outside the repository refused.

    Each refusal is warned at ``where(line)``, the location of that line.
    """

    def check(match: re.Match[str]) -> str:
        name = match.group("name") or match.group("rname")
        argument = match.group("arg") or match.group("rarg")
        if inside(target(app, argument, folder), *roots(app)):
            return match.group(0)
        line = 1 + text.count("\n", 0, match.start())
        warn(
            f"{name} of {argument!r} refused: it resolves outside the repository; "
            "the file is not read",
            "outside",
            where(line),
        )
        if match.group("name"):
            return f"{match.group('lead')}{REFUSED}{match.group('close')}{argument}"
        return f"{match.group('rlead')}{REFUSED}{match.group('rclose')}{argument}"

    return INCLUDE.sub(check, text)


def check_document(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: refuse includes of outside files in a document."""
    folder = Path(app.env.doc2path(docname)).parent
    source[0] = confine(app, source[0], folder, lambda line: (docname, line))


def check_included(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include-read``: refuse nested includes of outside files in an included file."""
    path = Path(app.srcdir) / relative_path
    content[0] = confine(app, content[0], path.parent, lambda line: f"{path}:{line}")


class AnyOption(dict):
    """An option spec that accepts every option the refused directive had."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged


class RefusedInclude(Directive):
    """What a refused include becomes: nothing (the warning is already given)."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOption()

    def run(self) -> list[nodes.Node]:
        return []
