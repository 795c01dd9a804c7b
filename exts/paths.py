"""Where a file the build reads really is: inside the repository, or not.

``inside`` resolves symlinks (every link in the chain), so a link that leaves
the repository counts as outside even when its own name is inside.
"""

from __future__ import annotations

import os
from pathlib import Path


def inside(path: str | os.PathLike[str], *roots: str | os.PathLike[str]) -> bool:
    """Whether ``path``, with every symlink followed, is within one of ``roots``."""
    try:
        real = Path(path).resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop
        return False
    return any(real.is_relative_to(Path(root).resolve()) for root in roots)
