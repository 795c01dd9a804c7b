"""The author's validator: `make validate`.

Builds every format (html, latex, epub) with ``-W --keep-going`` and ``-E``,
each one even when an earlier one failed, then prints one line per format
(``html: PASS`` or ``html: FAIL``). Exits 1 when any format failed.

``-E`` (fresh environment) is what makes every run report every warning:
Sphinx prints a document's read-time warnings only when it re-reads that
document, so an incremental build of an unchanged broken chapter is green.
Reading fresh costs a few seconds per format (README, "make validate").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMATS = ("html", "latex", "epub")


def build(fmt: str, source: Path, confdir: Path, outdir: Path, extra: list[str]) -> bool:
    """One fresh, strict build of ``fmt``; whether it passed (warnings go to stderr)."""
    command = [
        sys.executable, "-m", "sphinx", "-M", fmt, str(source), str(outdir),
        "-W", "--keep-going", "-E", "-q", "-c", str(confdir), *extra,
    ]
    return subprocess.run(command, check=False).returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO / "source")
    parser.add_argument("--confdir", type=Path, default=REPO)
    parser.add_argument("--build", type=Path, default=REPO / "_build")
    parser.add_argument("formats", nargs="*", default=list(FORMATS))
    args, extra = parser.parse_known_args(argv)
    results = {fmt: build(fmt, args.source, args.confdir, args.build, extra) for fmt in args.formats}
    sys.stderr.flush()
    for fmt, passed in results.items():
        print(f"{fmt}: {'PASS' if passed else 'FAIL'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
