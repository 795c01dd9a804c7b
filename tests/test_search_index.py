"""The search index after an incremental build equals a clean build's, glossary included.

A glossary in a page that is not rewritten used to lose all its terms from
``searchindex.js`` ("indexentries") after any incremental build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOTS
from test_incremental import replace, search_index, sphinx_build

GLOSSARY = """

```{glossary}
ASR
  Automatic speech recognition.

TTS
  Text-to-speech.
```
"""


def index_entries(out: Path) -> dict[str, list]:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[len("Search.setIndex(") : -1])["indexentries"]


def test_an_incremental_search_index_keeps_the_glossary(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    with (src / "appendices/primer.md").open("a", encoding="utf-8") as primer:
        primer.write(GLOSSARY)
    assert sphinx_build("html", src, tmp_path / "incremental") == ""
    replace(src / "chapters/beta.md", "Continuous batching", "Continuous (iteration-level) batching")
    sphinx_build("html", src, tmp_path / "incremental")
    sphinx_build("html", src, tmp_path / "clean")
    assert sorted(index_entries(tmp_path / "incremental")) == ["asr", "tts"]
    clean = search_index((tmp_path / "clean/searchindex.js").read_bytes())
    assert search_index((tmp_path / "incremental/searchindex.js").read_bytes()) == clean
