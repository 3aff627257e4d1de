"""Arabic normalisation with an offset map back to the original text.

Every rule of the extractor runs on the *normalised* text; every offset it reports is
mapped back through :class:`Normalised` to the *original* text, so quotes and evidence
spans point at exactly what the report says.

What the normaliser does (each step maps one character to at most one character):

- NFC composition (only where the text is not NFC already);
- strips harakat (U+064B-U+0655), the superscript alef (U+0670), tatweel (U+0640) and
  zero-width/direction marks;
- folds alef variants (أ إ آ ٱ -> ا), alef maqsura (ى -> ي), ta marbuta (ة -> ه) and
  Persian kaf/yeh (ک -> ك, ی -> ي);
- turns Arabic-Indic and Persian digits into ASCII digits and lower-cases ASCII letters;
- removes quotation marks (« » “ ” „ " ‹ ›), which news text puts inside names
  (``"حزب الله" العراقي``).

>>> raw = "قُتِلَ «ثلاثةٌ» في الشدّادي يوم ٢٣"
>>> n = normalise(raw)
>>> n.text
'قتل ثلاثه في الشدادي يوم 23'
>>> start = n.text.index("الشدادي")
>>> a, b = n.span(start, start + len("الشدادي"))
>>> raw[a:b]
'الشدّادي'
>>> n.quote(0, 3)
'قُتِلَ'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_DELETE = (
    [chr(c) for c in range(0x064B, 0x0656)]
    + ["\u0670", "\u0640"]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["«", "»", "“", "”", "„", '"', "‹", "›", "‟"]
)
_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ک": "ك",
    "ی": "ي",
    "ي": "ي",
}
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _FOLD[_d] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _FOLD[_d] = str(_i)
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _FOLD[_c] = _c.lower()

_TABLE: dict[int, str | None] = {ord(c): None for c in _DELETE}
_TABLE.update({ord(k): v for k, v in _FOLD.items()})
DELETED = frozenset(_DELETE)
"""Characters the normaliser removes."""


@dataclass(frozen=True)
class Normalised:
    """Normalised text plus, for each of its characters, the original offset.

    ``origin[i]`` is the index in the original text of normalised character ``i``;
    ``origin[len(text)]`` is ``len(original)`` (a sentinel for end offsets).
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised span ``[start, end)``.

        The end maps to just after the original character of the span's last normalised
        character and the combining marks (harakat) that sit on it.
        """
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if end == start:
            pos = self.origin[start]
            return pos, pos
        o_start = self.origin[start]
        o_end = _cluster_end(self.original, self.origin[end - 1] + 1)
        if end < n:
            o_end = max(self.origin[end - 1] + 1, min(o_end, self.origin[end]))
        return o_start, o_end

    def quote(self, start: int, end: int) -> str:
        """The original text of a normalised span."""
        a, b = self.span(start, end)
        return self.original[a:b]


def _cluster_end(text: str, pos: int) -> int:
    """Extend ``pos`` over the combining marks that sit on the previous base character."""
    while pos < len(text) and unicodedata.combining(text[pos]):
        pos += 1
    return pos


def _nfc_with_origin(text: str) -> tuple[str, list[int]]:
    """NFC-compose ``text`` cluster by cluster, remembering each output char's origin."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out.append(composed)
        # each composed char maps to the cluster start, combining leftovers to themselves
        for k in range(len(composed)):
            origin.append(min(i + k, j - 1) if k else i)
        i = j
    return "".join(out), origin


def normalise(text: str) -> Normalised:
    """Normalise Arabic news text for matching; see the module docstring.

    >>> normalise("الأميركيّة").text
    'الاميركيه'
    >>> normalise("قتلى").text
    'قتلي'
    """
    composed, origin = _nfc_with_origin(text)
    if DELETED.isdisjoint(composed):
        kept = origin
    else:
        kept = [origin[i] for i, ch in enumerate(composed) if ch not in DELETED]
    folded = composed.translate(_TABLE)
    kept.append(len(text))
    return Normalised(original=text, text=folded, origin=tuple(kept))
