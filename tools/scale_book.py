"""A synthetic N-times book for benchmarks: ``python tools/scale_book.py ROOT --times 4``.

ROOT is a copy of the repository (conf.py, exts/, source/, bib/); its book
is changed in place. Every chapter and appendix is copied N-1 times under a
new slug (``gpu-optimization-x2``), with its labels, numbered references,
chapter references and title renamed, added to book.toml after the
original parts and to targets.toml, so the bigger book builds without a
warning. Front and back matter stay single.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

NAME_RE = re.compile(r"^(\s*:name:\s*)(\S+)", re.MULTILINE)
TARGET_RE = re.compile(r"^\(([^)\s]+)\)=", re.MULTILINE)
XREF_RE = re.compile(r"\{(numref|ref)\}`([^`<]*<)?([^`>]+)(>?)`")
CHAPTER_RE = re.compile(r"\{chapter\}`([^`]+)`")
TITLE_RE = re.compile(r"^# (.+)$", re.MULTILINE)


def copy_text(text: str, suffix: str, labels: set[str], slugs: set[str], copy: int) -> str:
    """One chapter's Markdown with every book label and chapter slug renamed."""
    text = NAME_RE.sub(lambda m: m[1] + (m[2] + suffix if m[2] in labels else m[2]), text)
    text = TARGET_RE.sub(lambda m: f"({m[1] + suffix if m[1] in labels else m[1]})=", text)
    text = XREF_RE.sub(
        lambda m: f"{{{m[1]}}}`{m[2] or ''}{m[3] + suffix if m[3] in labels else m[3]}{m[4]}`", text
    )
    text = CHAPTER_RE.sub(lambda m: f"{{chapter}}`{m[1] + suffix if m[1] in slugs else m[1]}`", text)
    return TITLE_RE.sub(lambda m: f"# {m[1]} (copy {copy})", text, count=1)


def scale(root: Path, times: int) -> int:
    """Copy the book's chapters and appendices ``times - 1`` times; the number of documents added."""
    source = root / "source"
    structure_path = source / "book.toml"
    structure_text = structure_path.read_text(encoding="utf-8")
    structure = tomllib.loads(structure_text)
    parts = structure["part"]
    appendices = structure["appendices"]["docs"]
    docs = [doc for part in parts for doc in part["chapters"]] + appendices
    texts = {doc: (source / f"{doc}.md").read_text(encoding="utf-8") for doc in docs}
    labels = {name for text in texts.values() for _, name in NAME_RE.findall(text)}
    labels |= {m for text in texts.values() for m in TARGET_RE.findall(text)}
    slugs = {doc.rsplit("/", 1)[-1] for doc in docs}
    targets_path = source / "targets.toml"
    targets = targets_path.read_text(encoding="utf-8")
    target_tables = tomllib.loads(targets)
    new_parts, new_appendices, new_targets = [], [], []
    for copy in range(2, times + 1):
        suffix = f"-x{copy}"
        for doc, text in texts.items():
            (source / f"{doc}{suffix}.md").write_text(copy_text(text, suffix, labels, slugs, copy), encoding="utf-8")
            slug = doc.rsplit("/", 1)[-1]
            if slug in target_tables:
                words, diagrams = target_tables[slug]["words"], target_tables[slug]["diagrams"]
                new_targets.append(f"\n[{slug}{suffix}]\nwords = {words}\ndiagrams = {diagrams}\n")
        for part in parts:
            chapters = ", ".join(f'"{doc}{suffix}"' for doc in part["chapters"])
            new_parts.append(f'\n[[part]]\ntitle = "{part["title"]} (copy {copy})"\nchapters = [{chapters}]\n')
        new_appendices += [f"{doc}{suffix}" for doc in appendices]
    head, _, tail = structure_text.partition("[appendices]")
    tail = tail.replace(
        f"docs = {toml_list(appendices)}", f"docs = {toml_list(appendices + new_appendices)}", 1
    )
    structure_path.write_text(head.rstrip("\n") + "\n" + "".join(new_parts) + "\n[appendices]" + tail, encoding="utf-8")
    targets_path.write_text(targets + "".join(new_targets), encoding="utf-8")
    return len(texts) * (times - 1)


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--times", type=int, default=4)
    options = parser.parse_args()
    added = scale(options.root, options.times)
    print(f"{options.root}: {added} documents added ({options.times}x book)")


if __name__ == "__main__":
    main()
