"""How a side looks in every view: its lane order, label, colour; marker sizes, lag labels.

Colours are Okabe-Ito based (distinguishable with the common colour-vision
deficiencies), one per side; a side tatgraph does not know is grey.
"""

from __future__ import annotations

import math

from ..vocab import Side

UNIDENTIFIED = "unidentified"
"""Lane of events whose reports name no perpetrator."""

LANE_ORDER: tuple[str, ...] = (
    Side.US_COALITION.value,
    Side.IRAN_ALIGNED.value,
    Side.SYRIAN_GOVERNMENT.value,
    Side.RUSSIA.value,
    Side.SDF.value,
    Side.TRIBAL.value,
    Side.TURKEY.value,
    Side.ISRAEL.value,
    Side.ISIS.value,
    Side.NONE.value,
    Side.UNKNOWN.value,
    UNIDENTIFIED,
)
"""Lanes top to bottom: one per perpetrator side, then events with no named perpetrator."""

SIDE_LABELS: dict[str, str] = {
    "us_coalition": "US / coalition",
    "iran_aligned": "Iran-aligned",
    "syrian_government": "Syrian government",
    "russia": "Russia",
    "sdf": "SDF",
    "tribal": "Tribal forces",
    "turkey": "Turkey",
    "israel": "Israel",
    "isis": "ISIS",
    "none": "Non-party",
    "unknown": "Unknown side",
    UNIDENTIFIED: "No perpetrator named",
}

SIDE_COLOURS: dict[str, str] = {
    # Okabe-Ito based: distinguishable with the common colour-vision deficiencies.
    "us_coalition": "#0072B2",
    "iran_aligned": "#D55E00",
    "syrian_government": "#CC79A7",
    "russia": "#882255",
    "sdf": "#E69F00",
    "tribal": "#8C6D31",
    "turkey": "#56B4E9",
    "israel": "#009E73",
    "isis": "#222222",
    "none": "#BBBBBB",
    "unknown": "#999999",
    UNIDENTIFIED: "#7F7F7F",
}


def side_label(side: str) -> str:
    """Human name of a side or lane.

    >>> side_label("iran_aligned"), side_label("unidentified")
    ('Iran-aligned', 'No perpetrator named')
    """
    return SIDE_LABELS.get(side, side.replace("_", " "))


def side_colour(side: str) -> str:
    """Colour (hex) of a side or lane; unknown sides are grey.

    >>> side_colour("us_coalition")
    '#0072B2'
    """
    return SIDE_COLOURS.get(side, "#999999")


def node_size(killed: int | None, injured: int | None) -> float:
    """Marker size for an event: grows with killed, and less with injured.

    ``10 + 5·√killed + 2·√injured``, at most 50; an unknown figure counts as none (the views
    mark unknown casualties separately).

    >>> node_size(None, None), node_size(1, 6), node_size(7, 7) > node_size(1, 6)
    (10.0, 19.9, True)
    """
    value = 10 + 5 * math.sqrt(killed or 0) + 2 * math.sqrt(injured or 0)
    return round(min(value, 50.0), 1)


def lag_text(hours: float | None) -> str:
    """A response lag as a short label.

    >>> lag_text(23.0), lag_text(168.0), lag_text(None)
    ('+23 h', '+7.0 d', 'lag ?')
    """
    if hours is None:
        return "lag ?"
    if abs(hours) < 48:
        return f"+{hours:.0f} h"
    return f"+{hours / 24:.1f} d"
