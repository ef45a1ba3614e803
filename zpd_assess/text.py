"""Text normalisation shared by intake and the topic mapper.

Real inventories name things in every style at once: ``cust_marital_stat``, ``LstLoginDt``,
``מצב_משפחתי``, ``Preferred contact time``. These helpers turn such names into comparable words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_NIQQUD = re.compile(r"[\u0591-\u05C7]")
_CAMEL_1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z\u0590-\u05FF])(?=\d)|(?<=\d)(?=[A-Za-z\u0590-\u05FF])")
_NON_WORD = re.compile(r"[^0-9a-z\u05D0-\u05EA%?]+")
_FINAL_FORMS = str.maketrans("ךםןףץ", "כמנפצ")


def normalise_label(text: object) -> str:
    """Lower-case, accent- and niqqud-free, punctuation folded to single spaces.

    Used to compare headers, vocabulary values and topic labels: ``"Life-stage "`` and
    ``"life stage"`` compare equal, and so do Hebrew words with or without niqqud.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _NIQQUD.sub("", s)
    s = s.replace("\u200f", "").replace("\u200e", "").lower()
    s = _NON_WORD.sub(" ", s)
    return " ".join(s.split())


def split_identifier(name: object) -> list[str]:
    """Split a system column name into lower-case words.

    ``"LstLoginDt"`` -> ``["lst", "login", "dt"]``; ``"cust_marital_stat"`` ->
    ``["cust", "marital", "stat"]``; ``"clv_12m"`` -> ``["clv", "12", "m"]``.
    """
    if name is None:
        return []
    s = unicodedata.normalize("NFKC", str(name))
    s = _NIQQUD.sub("", s)
    s = _CAMEL_2.sub(r"\1 \2", s)
    s = _CAMEL_1.sub(r"\1 \2", s)
    s = _LETTER_DIGIT.sub(" ", s)
    return normalise_label(s).split()


def expand_abbreviations(words: list[str], abbreviations: Mapping[str, str]) -> list[str]:
    """Replace known abbreviations by their expansion, keeping the original word too.

    Keeping the original lets a mapper still match an abbreviation that a catalog synonym uses
    verbatim (``nps``), while the expansion lets it match the words (``net promoter score``).
    """
    out: list[str] = []
    for word in words:
        out.append(word)
        expansion = abbreviations.get(word)
        if expansion and expansion != word:
            out.extend(expansion.split())
    return out


def fold_hebrew_finals(text: str) -> str:
    """Map Hebrew final letters to their regular forms, so that n-grams match across word ends."""
    return text.translate(_FINAL_FORMS)
