"""Summarise a finished `mutmut run`: the score per module and overall, and every survivor.

Reads ``mutmut results --all true``; prints a Markdown table, then the
surviving (and untested) mutants by name. Exit status 1 below ``--target``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>\S+?)__mutmut_\d+: (?P<status>.+?)\s*$")
KILLED = {"killed", "timeout", "segfault", "suspicious", "caught by type check"}
NOT_KILLED = {"survived", "no tests"}


def module_of(name: str) -> str:
    """``exts.diagrams.css.x_rules`` -> ``exts/diagrams/css.py``."""
    parts = name.split(".")
    while parts and (parts[-1].startswith("x_") or parts[-1].startswith("xǁ")):
        parts.pop()
    return "/".join(parts) + ".py"


def read(results: str) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in results.splitlines():
        match = LINE.match(line)
        if match:
            counts[module_of(match["name"])][match["status"]] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=85.0, help="minimum score in percent")
    parser.add_argument("--mutmut", default=str(Path(sys.executable).with_name("mutmut")))
    args = parser.parse_args(argv)
    results = subprocess.run(
        [args.mutmut, "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    counts = read(results)
    print("| module | mutants | killed | survived | no tests | score |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    total = Counter()
    for module in sorted(counts):
        c = counts[module]
        killed = sum(c[s] for s in KILLED)
        tested = killed + sum(c[s] for s in NOT_KILLED)
        total.update({"killed": killed, "tested": tested, "survived": c["survived"], "no tests": c["no tests"]})
        score = 100 * killed / tested if tested else 100.0
        print(f"| {module} | {tested} | {killed} | {c['survived']} | {c['no tests']} | {score:.0f}% |")
    score = 100 * total["killed"] / total["tested"] if total["tested"] else 0.0
    print(f"| **all** | {total['tested']} | {total['killed']} | {total['survived']} | {total['no tests']} "
          f"| **{score:.1f}%** |")
    print()
    print("Not killed (`mutmut show NAME` prints the change):")
    for line in results.splitlines():
        match = LINE.match(line)
        if match and match["status"] in NOT_KILLED:
            print(f"  {line.strip()}")
    return 0 if score >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
