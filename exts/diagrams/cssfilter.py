"""Filter a diagram's CSS through an allow-list, parsed by tinycss2.

A style sheet or ``style=`` attribute keeps only declarations of known
drawing properties whose values are plain tokens (idents, numbers, colours,
strings) or known functions (``rgb()``, ``translate()``...), and ``url(#id)``
references inside the file. tinycss2 decodes CSS escapes, so ``@\\69mport``
is an ``@import`` and ``u\\72l(`` is ``url(``. At-rules go (``@keyframes``
excepted, filtered the same way); so do rules whose selector is more than
names, classes, ids and combinators. Each removal is one :class:`Removal`:
``external`` (something that would load from outside the file), ``webfont``
(``@font-face``) or ``css`` (anything else outside the allow-list).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import tinycss2
from tinycss2.ast import Declaration, Node

PROPERTIES = frozenset(
    """
    alignment-baseline animation animation-delay animation-direction animation-duration
    animation-fill-mode animation-iteration-count animation-name animation-play-state
    animation-timing-function baseline-shift clip-path clip-rule color color-interpolation
    color-interpolation-filters cursor direction display dominant-baseline fill fill-opacity
    fill-rule filter flood-color flood-opacity font font-family font-size font-size-adjust
    font-stretch font-style font-variant font-weight letter-spacing lighting-color marker
    marker-end marker-mid marker-start mask opacity overflow paint-order pointer-events
    shape-rendering stop-color stop-opacity stroke stroke-dasharray stroke-dashoffset
    stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke-width text-anchor
    text-decoration text-rendering transform transform-box transform-origin transition
    transition-delay transition-duration transition-property transition-timing-function
    unicode-bidi vector-effect visibility white-space word-spacing writing-mode
    """.split()
)
FUNCTIONS = frozenset(
    """
    rgb rgba hsl hsla calc translate translatex translatey rotate scale scalex scaley skew
    skewx skewy matrix cubic-bezier steps
    """.split()
)
PLAIN = frozenset({"whitespace", "ident", "number", "percentage", "dimension", "hash", "string"})
LITERALS = frozenset({",", "/", "-", "+", "*"})
SELECTOR_TOKENS = frozenset({"whitespace", "ident", "hash"})
SELECTOR_LITERALS = frozenset({".", ",", ">", "+", "~", "*", ":"})
KEYFRAME_SELECTORS = frozenset({"whitespace", "ident", "percentage", "literal"})
LOADING_FUNCTIONS = frozenset(
    {"url", "image-set", "-webkit-image-set", "image", "src", "cross-fade", "expression"}
)


class Removal(NamedTuple):
    """One thing taken out of a style sheet or style attribute, and why."""

    subtype: str
    message: str


def removal(reason: str) -> Removal:
    """A reason, with the subtype its wording implies."""
    loads = "outside the file" in reason or "@import" in reason
    return Removal("external" if loads else "css", reason)


def fragment(value: str) -> bool:
    """Whether a URL points inside the file (``#id``)."""
    value = value.strip()
    return value.startswith("#") and all(c.isalnum() or c in "-_.:" for c in value[1:])


def value_problem(tokens: Iterable[Node]) -> str | None:
    """Why a declaration value (or attribute value) is not allowed, if it is not."""
    for token in tokens:
        if token.type in PLAIN or (token.type == "literal" and token.value in LITERALS):
            continue
        if token.type == "url":
            if not fragment(token.value):
                return f"url({token.value[:60]!r}) points outside the file"
            continue
        if token.type == "function":
            if token.lower_name == "url":
                args = [t for t in token.arguments if t.type != "whitespace"]
                if len(args) == 1 and args[0].type == "string" and fragment(args[0].value):
                    continue
                return "url(...) points outside the file"
            if token.lower_name in LOADING_FUNCTIONS:
                return f"{token.lower_name}(...) points outside the file"
            if token.lower_name not in FUNCTIONS:
                return f"{token.lower_name}() is not an allowed CSS function"
            reason = value_problem(token.arguments)
            if reason:
                return reason
            continue
        if token.type == "error":
            return f"malformed CSS ({token.message})"
        return f"{token.type} {tinycss2.serialize([token])[:40]!r} is not allowed in a value"
    return None


def clean_declarations(tokens: list[Node] | str) -> tuple[str, list[Removal]]:
    """A declaration list (a ``style=`` value or a rule's body), filtered."""
    kept, reasons = [], []
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if item.type == "error":
            reasons.append(removal(f"malformed CSS ({item.message}) removed"))
        elif item.type != "declaration":
            reasons.append(rule_removal(item, " inside a declaration block"))
        elif item.lower_name not in PROPERTIES:
            reasons.append(removal(f"CSS property {item.lower_name!r} is not allowed: removed"))
        elif reason := value_problem(item.value):
            reasons.append(removal(f"{item.lower_name}: {reason}: removed"))
        else:
            kept.append(declaration_text(item))
    return "; ".join(kept), reasons


def declaration_text(item: Declaration) -> str:
    important = " !important" if item.important else ""
    return f"{item.lower_name}: {tinycss2.serialize(item.value).strip()}{important}"


def clean_stylesheet(text: str) -> tuple[str, list[Removal]]:
    """A ``<style>`` sheet, filtered: simple rules with allowed declarations, and @keyframes."""
    out, reasons = [], []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule" and selector_allowed(rule.prelude, SELECTOR_TOKENS):
            body, more = clean_declarations(rule.content)
            reasons += more
            out.append(f"{tinycss2.serialize(rule.prelude).strip()} {{ {body} }}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "keyframes" and rule.content:
            block, more = clean_keyframes(rule)
            reasons += more
            if block:
                out.append(block)
        else:
            reasons.append(rule_removal(rule))
    return "\n".join(out), reasons


def clean_keyframes(rule: Node) -> tuple[str | None, list[Removal]]:
    name = [t for t in rule.prelude if t.type != "whitespace"]
    if len(name) != 1 or name[0].type != "ident":
        return None, [removal("@keyframes without a plain name removed")]
    frames, reasons = [], []
    # no comments to skip: tokenising the sheet (skip_comments) dropped those inside blocks too
    for frame in tinycss2.parse_rule_list(rule.content, skip_whitespace=True):
        if frame.type == "qualified-rule" and selector_allowed(frame.prelude, KEYFRAME_SELECTORS):
            body, more = clean_declarations(frame.content)
            reasons += more
            frames.append(f"{tinycss2.serialize(frame.prelude).strip()} {{ {body} }}")
        else:
            reasons.append(rule_removal(frame, " in @keyframes"))
    return f"@keyframes {name[0].value} {{ {' '.join(frames)} }}", reasons


def selector_allowed(prelude: list[Node], types: frozenset[str]) -> bool:
    """Names, classes, ids and combinators only: nothing the scoping could miss."""
    return bool(prelude) and all(
        token.type in types or (token.type == "literal" and token.value in SELECTOR_LITERALS)
        for token in prelude
    )


def rule_removal(node: Node, where: str = "") -> Removal:
    """The removal of a whole rule (or of something where a rule was expected)."""
    if node.type == "at-rule" and node.lower_at_keyword == "font-face":
        return Removal("webfont", "web fonts (@font-face, @import) do not survive PDF conversion")
    if node.type == "at-rule" and node.lower_at_keyword == "import":
        target = tinycss2.serialize(node.prelude).strip()[:60]
        return Removal("external", f"@import {target} removed: it loads from outside the file")
    if node.type == "at-rule":
        return removal(f"@{node.lower_at_keyword} rule{where} removed")
    if node.type == "qualified-rule":
        prelude = tinycss2.serialize(node.prelude).strip()[:40]
        return removal(f"rule {prelude!r}{where} removed: only names, classes and ids as selectors")
    # comments and whitespace are skipped by the parsers: what is left is a parse error
    return removal(f"malformed CSS ({node.message}){where} removed")


def attribute_problem(value: str) -> str | None:
    """Why a plain attribute value (``fill="url(#g)"``) holds an unsafe CSS construct."""
    tokens = tinycss2.parse_component_value_list(value)  # comments kept: no check looks at them
    for token in flatten(tokens):
        if token.type == "url" and not fragment(token.value):
            return f"url({token.value[:60]!r}) points outside the file"
        if token.type == "function" and token.lower_name in LOADING_FUNCTIONS:
            args = [t for t in token.arguments if t.type != "whitespace"]
            if not (token.lower_name == "url" and len(args) == 1 and args[0].type == "string"
                    and fragment(args[0].value)):
                return f"{token.lower_name}(...) points outside the file"
        if token.type == "at-keyword" and token.lower_value == "import":
            return "@import loads a style sheet"
    return None


def flatten(tokens: Iterable[Node]) -> Iterable[Node]:
    """Every token, including those inside blocks and function arguments."""
    stack = list(tokens)[::-1]
    while stack:
        token = stack.pop()
        yield token
        inner = getattr(token, "arguments", None) or getattr(token, "content", None)
        if isinstance(inner, list):
            stack.extend(inner[::-1])
