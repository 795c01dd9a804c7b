"""What a diagram may contain: SVG elements and attributes, by name.

Everything else is removed by the sanitizer. No Sphinx imports.
"""

from __future__ import annotations

ANIMATIONS = frozenset({"animate", "animateMotion", "animateTransform", "set"})
FILTERS = frozenset(
    """
    feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence
    """.split()
)
SVG_ELEMENTS = (
    ANIMATIONS
    | FILTERS
    | frozenset(
        """
        a circle clipPath defs desc ellipse filter g image line linearGradient marker mask
        metadata mpath path pattern polygon polyline radialGradient rect stop style svg switch
        symbol text textPath title tspan use view
        """.split()
    )
)
TEXT_ONLY = frozenset({"desc", "title", "style"})
"""Elements whose content is text: in an HTML page, markup inside them is parsed as HTML."""

PRESENTATION = frozenset(
    """
    alignment-baseline baseline-shift clip-path clip-rule color color-interpolation
    color-interpolation-filters cursor direction display dominant-baseline fill fill-opacity
    fill-rule filter flood-color flood-opacity font-family font-size font-size-adjust
    font-stretch font-style font-variant font-weight letter-spacing lighting-color marker-end
    marker-mid marker-start mask opacity overflow paint-order pointer-events shape-rendering
    stop-color stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration
    text-rendering transform transform-origin unicode-bidi vector-effect visibility
    word-spacing writing-mode
    """.split()
)
GEOMETRY = frozenset(
    """
    x y x1 x2 y1 y2 cx cy r rx ry fx fy fr dx dy d points width height viewBox
    preserveAspectRatio rotate textLength lengthAdjust startOffset method spacing side path
    pathLength offset gradientUnits gradientTransform spreadMethod patternUnits
    patternContentUnits patternTransform markerUnits markerWidth markerHeight refX refY orient
    clipPathUnits maskUnits maskContentUnits filterUnits primitiveUnits in in2 result mode
    stdDeviation operator k1 k2 k3 k4 values type tableValues slope intercept amplitude
    exponent dx dy kernelMatrix order divisor bias targetX targetY edgeMode kernelUnitLength
    preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent
    limitingConeAngle azimuth elevation pointsAtX pointsAtY pointsAtZ z scale
    xChannelSelector yChannelSelector radius baseFrequency numOctaves seed stitchTiles
    """.split()
)
CORE = frozenset(
    """
    id class style lang tabindex role focusable version xmlns requiredExtensions
    systemLanguage href space data-fact
    """.split()
)
ANIMATION_ATTRIBUTES = frozenset(
    """
    attributeName attributeType begin dur end min max restart repeatCount repeatDur fill
    calcMode values keyTimes keySplines from to by additive accumulate keyPoints path rotate
    """.split()
)
ATTRIBUTES = PRESENTATION | GEOMETRY | CORE | ANIMATION_ATTRIBUTES
ARIA_PREFIX = "aria-"

ANIMATABLE = PRESENTATION | (GEOMETRY - {"href", "values"})
"""What ``<animate>``/``<set>`` may target: never ``href``, an event handler or ``style``."""
