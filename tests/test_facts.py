# ruff: noqa: E501 - expected warnings are compared whole, one per line
"""Facts registry: the formula evaluator, every warning kind, rendering in every format,
incremental builds equal to clean builds, hostile registries, the status columns."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import time
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, warning_lines
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from exts.facts import formula
from exts.facts.formula import FormulaError
from exts.facts.registry import build_registry, suggest
from exts.facts.units import Quantity, UnitsError, format_number, parse_value
from exts.facts.values import value_text

NBSP = "\u00a0"

# -- the formula evaluator on its own ------------------------------------------


def evaluate(text: str, **facts: str) -> Quantity:
    values = {key.replace("_", "-"): Quantity(*_split(v)) for key, v in facts.items()}
    return formula.evaluate(formula.parse(text), lambda key: values[key])


def _split(value: str) -> tuple[float, str]:
    number, unit = parse_value(value)
    return number, unit or "dimensionless"


def test_arithmetic_with_units() -> None:
    assert evaluate("w / bw", w="16 GB", bw="3.35 TB/s").to("ms").magnitude == pytest.approx(
        4.776119
    )
    assert evaluate("2 * l * h * d * b", l="32", h="8", d="128", b="2 B").to("KiB").magnitude == 128
    assert evaluate("(a + b) ** 2 / a", a="2", b="2").magnitude == 8
    assert evaluate("ceil(x / y)", x="60 GB", y="1 GiB").magnitude == 56
    assert evaluate("max(a, b)", a="1 GiB", b="1 GB").to("GiB").magnitude == 1
    assert evaluate("-a + 3", a="1").magnitude == 2


def test_adding_gb_to_gib_converts() -> None:
    assert evaluate("a + b", a="1 GiB", b="1 GB").to("GB").magnitude == pytest.approx(2.073741824)


@pytest.mark.parametrize(
    ("text", "facts", "message"),
    [
        (
            "a + b",
            {"a": "3 ms", "b": "80 GB"},
            "cannot add 3 ms ([time]) and 80 GB ([information])",
        ),
        (
            "a - b",
            {"a": "80 GB", "b": "32"},
            "cannot subtract 80 GB ([information]) and 32 (a plain number)",
        ),
        (
            "max(a, b)",
            {"a": "1 s", "b": "1 B"},
            "cannot compare in max() 1 s ([time]) and 1 B ([information])",
        ),
        ("ceil(a)", {"a": "1.5 GB"}, "ceil() needs a plain number, not 1.5 GB ([information])"),
    ],
)
def test_mismatched_units_fail(text: str, facts: dict[str, str], message: str) -> None:
    with pytest.raises(FormulaError) as error:
        evaluate(text, **facts)
    assert (error.value.kind, str(error.value)) == ("units", message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10**10**10", "an exponent must be a number between -16 and 16"),
        ("a ** b", "an exponent must be a number between -16 and 16"),
        ("__import__('os')", "only the functions min, max, ceil, floor, round may be called"),
        (
            "__builtins__",
            "'__builtins__' is not a fact name (fact names have no leading or double underscores)",
        ),
        (
            "a.b",
            "Attribute is not allowed in a formula (numbers, fact names, + - * / **, parentheses, "
            "min(), max(), ceil(), floor(), round())",
        ),
        ("'x'", "only numbers are allowed as constants, not 'x'"),
        ("True + 1", "only numbers are allowed as constants, not True"),
        (
            "a if b else c",
            "IfExp is not allowed in a formula (numbers, fact names, + - * / **, parentheses, "
            "min(), max(), ceil(), floor(), round())",
        ),
        ("max(a, key=b)", "max() takes plain arguments"),
        ("(" * 40 + "1" + ")" * 40, "parentheses nested more than 32 deep"),
        ("1" + "+1" * 300, "a formula is at most 500 characters"),
        ("-" * 150 + "1", "a formula nested more than 100 operations deep"),
        ("1 +", "not a formula: invalid syntax"),
        ("", "a formula is a non-empty string"),
    ],
)
def test_formulas_outside_the_grammar_are_refused_before_evaluation(
    text: str, message: str
) -> None:
    with pytest.raises(FormulaError) as error:
        formula.parse(text)
    assert (error.value.kind, str(error.value)) == ("syntax", message)


def test_names_map_underscores_to_hyphens() -> None:
    assert formula.names(formula.parse("h100_sxm_bandwidth * 2 + max(a_b, c)")) == [
        "h100-sxm-bandwidth",
        "a-b",
        "c",
    ]


@settings(max_examples=300, deadline=1000)
@given(st.text(max_size=120))
def test_any_text_is_a_formula_error_or_a_checked_tree(text: str) -> None:
    try:
        tree = formula.parse(text)
    except FormulaError:
        return
    with contextlib.suppress(FormulaError):
        formula.evaluate(tree, lambda key: Quantity(2.0, "GB"))


@settings(max_examples=300, deadline=1000)
@given(st.text(max_size=60))
def test_any_value_text_parses_or_is_a_units_error(text: str) -> None:
    with contextlib.suppress(UnitsError):
        parse_value(text)


def test_number_formatting() -> None:
    assert format_number(131072.0) == "131,072"
    assert format_number(4.776119) == "4.78"
    assert format_number(4.776119, ".1f") == "4.8"
    assert format_number(1024.0, ",d") == "1,024"
    assert format_number(0.5, ".0%") == "50%"


def test_suggestion_by_edit_distance() -> None:
    keys = ["h100-sxm-bandwidth", "h100-sxm-memory", "a100-memory"]
    assert suggest("h100-sxm-bandwdth", keys) == "h100-sxm-bandwidth"
    assert suggest("a100-memroy", keys) == "a100-memory"
    assert suggest("opus-bitrate", keys) is None


REGISTRY = """\
[bw]
value = "3.35 TB/s"
cite = "k"
as_of = 2026-11-22

[w]
value = "16 GB"
cite = ["k", "j"]
as_of = 2025-01-31

[step]
formula = "w / bw"
unit = "ms"
format = ".1f"
"""


def test_registry_derived_facts_cite_their_sources_and_take_the_oldest_date() -> None:
    registry, problems = build_registry(
        tomllib.loads(REGISTRY), REGISTRY.splitlines(), "f.toml", {"k", "j"}
    )
    assert problems == []
    step = registry.facts["step"]
    assert (step.cites, step.sources, step.as_of, step.line) == (
        ("k", "j"),
        ("w", "bw"),
        dt.date(2025, 1, 31),
        11,
    )
    assert value_text(step) == f"4.8{NBSP}ms"
    assert value_text(step, "us", ",d") == f"4,776{NBSP}us"
    assert value_text(registry.facts["bw"]) == f"3.35{NBSP}TB/s"
    assert value_text(registry.facts["bw"], "GB/s", ",d") == f"3,350{NBSP}GB/s"
    assert registry.due("w", dt.date(2026, 11, 30), 365) and not registry.due(
        "bw", dt.date(2026, 11, 30), 365
    )


# -- builds -------------------------------------------------------------------


def text_of(app: SphinxTestApp, docname: str, selector: str, raw: bool = False) -> list[str]:
    soup = BeautifulSoup(
        (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )
    for link in soup.select("a.headerlink"):
        link.decompose()
    if raw:
        return [node.get_text() for node in soup.select(selector)]
    return [" ".join(node.get_text().split()) for node in soup.select(selector)]


@pytest.mark.sphinx("html", testroot="facts", freshenv=True)
def test_role_renders_value_and_citation(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    assert text_of(app, "chapters/one", "div.body > section > p:not(.book-next)") == [
        "The H100 SXM has 80 GB [Source: NVIDIA, 2024] of memory at 3.35 TB/s.",
        "Each token needs 128 KiB [Source: Meta, 2024], that is 131,072 B, and a step takes at least"
        " 4.8 ms [Source: Meta, 2024; NVIDIA, 2024].",
        "In gibibytes the memory is 74.5 GiB.",
    ]
    assert text_of(app, "chapters/one", "span.fact", raw=True) == [
        f"80{NBSP}GB",
        f"3.35{NBSP}TB/s",
        f"128{NBSP}KiB",
        f"131,072{NBSP}B",
        f"4.8{NBSP}ms",
        f"74.5{NBSP}GiB",
        f"80{NBSP}GB",
        f"3.35{NBSP}TB/s",
        f"128{NBSP}KiB",
    ]
    # the citations are the book's: linked to the chapter's generated References
    assert text_of(app, "chapters/one", "section.book-references li p") == [
        "Meta, 2024. Meta. Llama-3.1-8B model configuration (config.json). 2024."
        " URL: https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json.",
        "NVIDIA, 2024. NVIDIA. NVIDIA H100 Tensor Core GPU: specifications. 2024."
        " URL: https://www.nvidia.com/en-us/data-center/h100/.",
    ]


@pytest.mark.sphinx("html", testroot="facts", freshenv=True)
def test_fact_table_lists_label_value_source_and_date(app: SphinxTestApp) -> None:
    app.build()
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.select("th, td")]
        for row in BeautifulSoup(
            (Path(app.outdir) / "chapters/one.html").read_text(encoding="utf-8"), "html.parser"
        ).select("table.fact-table tr")
    ]
    assert rows == [
        ["Fact", "Value", "Source", "As of"],
        ["H100 SXM memory", "80 GB", "[Source: NVIDIA, 2024]", "November 2026"],
        ["H100 SXM memory bandwidth", "3.35 TB/s", "[Source: NVIDIA, 2024]", "November 2026"],
        ["KV cache bytes per token", "128 KiB", "[Source: Meta, 2024]", "January 2020"],
    ]
    assert text_of(app, "chapters/one", "table.fact-table caption") == ["Hardware and model"]


@pytest.mark.sphinx("html", testroot="facts-errors", freshenv=True)
def test_every_warning_kind_is_located(app: SphinxTestApp) -> None:
    app.build()
    src = Path(app.srcdir)
    registry, index = src / "facts.toml", src / "index.md"
    assert warning_lines(app) == [
        f"{registry}:11: WARNING: fact 'no-source' has no cite (the BibTeX key of its source;"
        ' or assumption = "why" for a value the book chooses) [facts.uncited]',
        f"{registry}:17: WARNING: fact 'wrong-source' cites 'nosuch2024', which no entry in bib/ has"
        " [facts.unknown-cite]",
        f"{registry}:21: WARNING: formula of 'mixed-units': cannot add 3.35 TB / s ([information] / [time])"
        " and 5 ms ([time]) [facts.units]",
        f"{registry}:24: WARNING: formula cycle: loop-a -> loop-b -> loop-a [facts.cycle]",
        f"{registry}:30: WARNING: formula of 'typo' names unknown fact 'h100-sxm-bandwith'"
        " (did you mean 'h100-sxm-bandwidth'?) [facts.unknown]",
        f"{registry}:32: WARNING: fact key 'Bad_Key' is not lowercase words joined by hyphens"
        " (e.g. h100-sxm-bandwidth) [facts.syntax]",
        f"{registry}:36: WARNING: value of 'strange-unit': unknown unit 'flurbs': 'flurbs' is not defined"
        " in the unit registry [facts.units]",
        f"{registry}:41: WARNING: formula of 'code': Attribute is not allowed in a formula (numbers, fact"
        " names, + - * / **, parentheses, min(), max(), ceil(), floor(), round()) [facts.syntax]",
        f"{index}:3: WARNING: unknown fact 'h100-sxm-bandwdth' (did you mean 'h100-sxm-bandwidth'?)"
        " [facts.unknown]",
        f"{index}:5: WARNING: fact 'h100-sxm-bandwidth': cannot express 3.35 TB / s ([information] / [time])"
        " in ms [facts.units]",
        f"{index}:5: WARNING: fact 'h100-sxm-bandwidth': format '%%x' is not one of: .1f (decimals),"
        " ,.0f or ,d (thousands), .3g (significant digits) [facts.syntax]",
        f"{index}:7: WARNING: hand-typed 5 ms equals fact 'step-time': write {{fact}}`step-time`"
        " [facts.hand-typed]",
        f"{index}:7: WARNING: hand-typed 3,350 GB/s equals fact 'h100-sxm-bandwidth':"
        " write {fact}`h100-sxm-bandwidth:GB/s:,d` [facts.hand-typed]",
    ]


@pytest.mark.sphinx(
    "html",
    testroot="facts-errors",
    freshenv=True,
    confoverrides={"facts_registry_file": "bad.toml"},
)
def test_invalid_toml_is_one_located_warning(app: SphinxTestApp) -> None:
    app.build()
    src = Path(app.srcdir)
    lines = warning_lines(app)
    assert lines[0] == (
        f"{src / 'bad.toml'}:2: WARNING: bad.toml is not valid TOML: Illegal character '\\n'"
        " (at line 2, column 19) [facts.syntax]"
    )
    assert all("[facts.unknown]" in line for line in lines[1:])


@pytest.mark.sphinx(
    "html",
    testroot="facts-errors",
    freshenv=True,
    confoverrides={"facts_hand_typed_docs": ["chapters/*"]},
)
def test_hand_typed_check_applies_to_the_configured_documents(app: SphinxTestApp) -> None:
    app.build()
    assert not any("hand-typed" in line for line in warning_lines(app))


@pytest.mark.sphinx("html", testroot="facts-hostile", freshenv=True)
def test_hostile_registry_ends_in_located_warnings_fast(app: SphinxTestApp) -> None:
    start = time.monotonic()
    app.build()
    assert time.monotonic() - start < 30
    src = Path(app.srcdir)
    lines = warning_lines(app)
    by_line = {
        line.split(": WARNING: ")[0].removeprefix(f"{src}/"): line.split(": WARNING: ")[1]
        for line in lines
    }
    assert by_line == {
        "facts.toml:7": "formula of 'tower': an exponent must be a number between -16 and 16 [facts.syntax]",
        "facts.toml:10": "formula of 'big-exponent': an exponent must be a number between -16 and 16 [facts.syntax]",
        "facts.toml:13": "formula of 'float-overflow': the result is not a finite number (overflow) [facts.syntax]",
        "facts.toml:16": "formula of 'huge-number': the number 99999999999999999999... is too large"
        " [facts.syntax]",
        "facts.toml:19": "formula of 'deep-parens': parentheses nested more than 32 deep [facts.syntax]",
        "facts.toml:22": "formula of 'deep-minus': a formula nested more than 100 operations deep [facts.syntax]",
        "facts.toml:25": "formula of 'too-long': a formula is at most 500 characters [facts.syntax]",
        "facts.toml:28": "formula of 'import': only the functions min, max, ceil, floor, round may be called"
        " [facts.syntax]",
        "facts.toml:31": "formula of 'dunder': '__builtins__' is not a fact name (fact names have no leading"
        " or double underscores) [facts.syntax]",
        "facts.toml:34": "formula of 'attribute': Attribute is not allowed in a formula (numbers, fact names,"
        " + - * / **, parentheses, min(), max(), ceil(), floor(), round()) [facts.syntax]",
        "facts.toml:37": "formula of 'lambda': only the functions min, max, ceil, floor, round may be called"
        " [facts.syntax]",
        "facts.toml:40": "formula of 'string': only numbers are allowed as constants, not 'GB' [facts.syntax]",
        "facts.toml:43": "formula of 'subscript': Subscript is not allowed in a formula (numbers, fact names,"
        " + - * / **, parentheses, min(), max(), ceil(), floor(), round()) [facts.syntax]",
        "facts.toml:46": "formula of 'comprehension': ListComp is not allowed in a formula (numbers, fact names,"
        " + - * / **, parentheses, min(), max(), ceil(), floor(), round()) [facts.syntax]",
        "facts.toml:49": "formula of 'walrus': NamedExpr is not allowed in a formula (numbers, fact names,"
        " + - * / **, parentheses, min(), max(), ceil(), floor(), round()) [facts.syntax]",
        "facts.toml:52": "formula of 'keyword': max() takes plain arguments [facts.syntax]",
        "facts.toml:55": "formula cycle: self -> self [facts.cycle]",
        "facts.toml:58": "formula of 'zero': division by zero [facts.syntax]",
        "facts.toml:61": "value of 'value-tower': '10**10**10 GB' is not a number with a unit"
        " (write e.g. '3.35 TB/s', '80 GB', '32') [facts.units]",
        "facts.toml:66": "value of 'value-inf': '1e999 GB' is not a finite number [facts.units]",
        "facts.toml:71": "value of 'unit-tower': '1 GB**9**9' is not a number with a unit"
        " (write e.g. '3.35 TB/s', '80 GB', '32') [facts.units]",
        "facts.toml:268": "formula of 'chain-64' depends on a chain of more than 64 formulas [facts.syntax]",
        "index.md:3": "unknown fact '__import__' (facts are in facts.toml) [facts.unknown]",
    }
    assert len(lines) == len(by_line)
    assert not Path("/tmp/facts-pwned").exists()


@pytest.mark.sphinx("html", testroot="facts", parallel=2, freshenv=True)
def test_parallel_build_renders_the_same(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    assert f"4.8{NBSP}ms" in text_of(app, "chapters/two", "span.fact", raw=True)
    assert sorted(app.env.get_domain("fact").keys_by_doc()) == ["chapters/one", "chapters/two"]


# -- incremental equals clean, in every format ----------------------------------


def edit_bandwidth(src: Path) -> None:
    from test_incremental import replace

    replace(src / "facts.toml", 'value = "3.35 TB/s"', 'value = "4.8 TB/s"')


@pytest.mark.parametrize("builder", ["html", "latex", "epub"])
def test_changing_one_fact_changes_every_occurrence_like_a_clean_build(
    tmp_path: Path, builder: str
) -> None:
    from test_incremental import first_difference, sphinx_build, tree

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-facts", src)
    assert sphinx_build(builder, src, tmp_path / "incremental") == ""
    edit_bandwidth(src)
    assert sphinx_build(builder, src, tmp_path / "incremental") == ""
    assert sphinx_build(builder, src, tmp_path / "clean") == ""
    incremental, clean = tree(tmp_path / "incremental"), tree(tmp_path / "clean")
    assert sorted(incremental) == sorted(clean)
    differing = [name for name in clean if clean[name] != incremental[name]]
    assert differing == [], "\n\n".join(
        first_difference(n, incremental[n], clean[n]) for n in differing
    )
    text = b"".join(
        data for name, data in clean.items() if name.endswith((".html", ".xhtml", ".tex"))
    )
    old_bound, new_bound = "4.8\u00a0ms", "3.3\u00a0ms"  # 16 GB / 3.35 TB/s, then / 4.8 TB/s
    decoded = text.decode("utf-8")
    assert "3.35" not in decoded  # every rendered 3.35 TB/s is gone
    assert old_bound not in decoded
    assert decoded.count(new_bound) == 2  # chapters one and two
    assert decoded.count("4,800") == 1  # {fact:value}`h100-sxm-bandwidth:GB/s:,d` in chapter two


# -- the status matrix ----------------------------------------------------------


@pytest.mark.sphinx("status", testroot="facts-status", freshenv=True)
def test_status_matrix_counts_facts_and_lists_those_due(app: SphinxTestApp) -> None:
    app.build()
    assert (Path(app.outdir) / "status.md").read_text(encoding="utf-8") == STATUS


STATUS = """\
| Ch | Title | Status | Words | Diagrams | Citations | Book 1 refs | Facts | Facts due |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| 1 | Uses | draft | 11 | 0 | 2 | 0 | 2 | 1 |
| 2 | Plain | draft | 3 | 0 | 0 | 0 | 0 | 0 |
|  | Total |  | 14 | 0 | 2 | 0 | 2 | 1 |

## Facts to re-confirm

| Fact | As of | Source | Registry |
| --- | --- | --- | --- |
| old-fact | 2020-01-01 | nvidia2024h100 | facts.toml:6 |
"""


@pytest.mark.sphinx("html", testroot="facts-status", freshenv=True)
def test_status_page_shows_fact_columns_and_facts_to_reconfirm(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup(
        (Path(app.outdir) / "status.html").read_text(encoding="utf-8"), "html.parser"
    )
    tables = [
        [
            [cell.get_text(strip=True) for cell in tr.find_all(["td", "th"])]
            for tr in table.select("tr")
        ]
        for table in soup.select("table.status-matrix")
    ]
    assert tables[0][0][-2:] == ["Facts", "Facts due"]
    assert [row[-2:] for row in tables[0][1:]] == [["2", "1"], ["0", "0"], ["2", "1"]]
    assert tables[1] == [
        ["Fact", "As of", "Source", "Registry"],
        ["old-fact", "2020-01-01", "nvidia2024h100", "facts.toml:6"],
    ]


def test_editing_the_registry_rereads_only_the_documents_that_show_a_changed_fact(
    tmp_path: Path, make_app
) -> None:
    src = tmp_path / "facts"
    shutil.copytree(ROOTS / "test-facts", src)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    from test_incremental import replace

    replace(src / "facts.toml", "[llama-head-dim]\nvalue = 128", "[llama-head-dim]\nvalue = 64")
    app = make_app("html", srcdir=src)
    app.build()
    status = app._status.getvalue()
    assert "1 changed" in status or "chapters/one" in status
    reading = [line for line in status.splitlines() if "reading sources" in line]
    assert any("chapters/one" in line for line in reading)
    assert not any("chapters/two" in line for line in reading)
    assert f"64{NBSP}KiB" in text_of(app, "chapters/one", "span.fact", raw=True)


# -- the book's own registry -------------------------------------------------------


def test_the_books_registry_computes_the_primers_numbers() -> None:
    import re

    from conftest import REPO

    from exts.facts.registry import load_registry

    keys = {
        match[1]
        for path in (REPO / "bib").glob("*.bib")
        for match in re.finditer(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), re.M)
    }
    registry, problems = load_registry(REPO / "bib" / "facts.toml", keys)
    assert problems == []
    shown = {
        key: value_text(registry.facts[key], *spec)
        for key, spec in {
            "h100-sxm-bandwidth": (),
            "llama31-8b-weight-bytes": (),
            "decode-step-lower-bound": (),
            "kv-bytes-per-token": (),
            "kv-bytes-per-token-mha": (),
            "kv-session-8k": (),
            "kv-session-full-context": (),
            "pcm-data-rate": (),
            "pcm-bytes-per-frame": (),
            "opus-bytes-per-frame-low": (),
            "opus-bytes-per-frame-high": (),
            "assemblyai-message-max": (),
            "weight-fetch-time": (),
            "pcm-bytes-per-hour": (),
            "opus-bytes-per-hour": (),
            "h100-memory-after-weights": (),
        }.items()
    }
    assert shown == {
        "h100-sxm-bandwidth": f"3.35{NBSP}TB/s",
        "llama31-8b-weight-bytes": f"16{NBSP}GB",
        "decode-step-lower-bound": f"4.8{NBSP}ms",
        "kv-bytes-per-token": f"128{NBSP}KiB",
        "kv-bytes-per-token-mha": f"512{NBSP}KiB",
        "kv-session-8k": f"1{NBSP}GiB",
        "kv-session-full-context": f"16{NBSP}GiB",
        "pcm-data-rate": f"256{NBSP}kbit/s",
        "pcm-bytes-per-frame": f"640{NBSP}bytes",
        "opus-bytes-per-frame-low": f"40{NBSP}bytes",
        "opus-bytes-per-frame-high": f"50{NBSP}bytes",
        "assemblyai-message-max": f"1,000{NBSP}ms",
        "weight-fetch-time": f"13{NBSP}seconds",
        "pcm-bytes-per-hour": f"115{NBSP}MB",
        "opus-bytes-per-hour": f"9{NBSP}MB",
        "h100-memory-after-weights": f"64{NBSP}GB",
    }
    assert registry.facts["decode-step-lower-bound"].cites == (
        "meta2024llama",
        "micikevicius2022fp8",
        "nvidia2024h100",
    )


@pytest.mark.sphinx("html", testroot="facts-diagram", freshenv=True)
def test_diagram_labels_that_name_a_fact_must_show_its_value(app: SphinxTestApp) -> None:
    app.build()
    chapter = Path(app.srcdir) / "chapters" / "one.md"
    assert warning_lines(app) == [
        f"{chapter}:5: WARNING: diagram one/memory.svg: text '3.3 TB/s' names fact 'h100-sxm-bandwidth'"
        " but does not show its value (3.35 TB/s) [facts.diagram]",
        f"{chapter}:5: WARNING: unknown fact 'h100-memory' in diagram one/memory.svg [facts.unknown]",
    ]


ASSUMPTIONS = """\
[w]
value = "16 GB"
cite = "k"
as_of = 2026-11-22

[link]
value = "10 Gbit/s"
assumption = "an example link"

[fetch]
formula = "w / link"
unit = "s"
format = ".1f"

[both]
value = "1 s"
cite = "k"
assumption = "cannot be both"
as_of = 2026-11-22
"""


def test_assumptions_need_no_source_and_add_no_citation() -> None:
    registry, problems = build_registry(
        tomllib.loads(ASSUMPTIONS), ASSUMPTIONS.splitlines(), "f.toml", {"k"}
    )
    assert [(p.subtype, p.line, p.message) for p in problems] == [
        (
            "syntax",
            18,
            "assumption of 'both' is the reason for the value, in words,"
            " and an assumption has no cite",
        ),
    ]
    fetch = registry.facts["fetch"]
    assert (value_text(fetch), fetch.cites, fetch.sources, fetch.as_of) == (
        f"12.8{NBSP}s",
        ("k",),
        ("w", "link"),
        dt.date(2026, 11, 22),
    )
    assert registry.facts["link"].assumption == "an example link"
    assert not registry.due("link", dt.date(2030, 1, 1), 1)
