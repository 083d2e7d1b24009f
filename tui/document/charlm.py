"""Provides a smoothed character trigram model: the document itself over an OpenCC phrase prior."""

from __future__ import annotations

import math
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PRIOR_WEIGHT = 0.3  # share of the OpenCC prior in the unigram mix
QUESTION_P = 1e-5  # a genuine "?" after any character
CLASS_ALPHA = 200.0  # pseudo-counts pulling class transitions toward class frequencies
COMMON = 60
GLUED_TRADITIONAL, GLUED_OTHER = 1.0, -4.0  # commonest characters always tried for a wholly lost one


@dataclass(frozen=True, eq=False)
class Prior:
    """Character statistics of general traditional Chinese (OpenCC phrase lists)."""

    bigrams: Counter[str]  # "ab" -> count, within phrases
    contexts: dict[str, tuple[int, int]]  # "a" -> (bigram count, distinct followers)
    unigrams: Counter[str]
    simplified_only: frozenset[str]  # characters a traditional text does not use
    traditional_only: frozenset[str]  # traditional forms that differ from the simplified


EMPTY_PRIOR = Prior(Counter(), {}, Counter(), frozenset(), frozenset())


@cache
def _neighbour_index(prior: Prior) -> tuple[dict[str, str], dict[str, str]]:
    return _index(prior.bigrams)


def _index(bigrams: Counter[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Followers and predecessors of each character, as strings of characters."""
    after: dict[str, list[str]] = {}
    before: dict[str, list[str]] = {}
    for key in bigrams:
        after.setdefault(key[0], []).append(key[1])
        before.setdefault(key[1], []).append(key[0])
    return {k: "".join(v) for k, v in after.items()}, {k: "".join(v) for k, v in before.items()}


def _opencc_dir() -> Path | None:
    try:
        import opencc
    except ImportError:
        return None
    root = Path(opencc.__file__).parent / "clib"
    return root if (root / "bin" / "opencc_dict").exists() else None


def _dump_dictionary(root: Path, name: str, out_dir: Path) -> list[str]:
    """Lines of an OpenCC .ocd2 dictionary, via the bundled opencc_dict tool."""
    src = root / "share" / "opencc" / f"{name}.ocd2"
    dst = out_dir / f"{name}.txt"
    tool = str(root / "bin" / "opencc_dict")
    subprocess.run([tool, "-i", str(src), "-o", str(dst), "-f", "ocd2", "-t", "text"], check=True, capture_output=True, timeout=20)
    return dst.read_text(encoding="utf-8").splitlines()


def _contexts(grams: Counter[str]) -> dict[str, tuple[int, int]]:
    """Each n-gram context: (count of n-grams after it, distinct next characters)."""
    out: dict[str, tuple[int, int]] = {}
    get = out.get
    for key, n in grams.items():
        total, types = get(key[:-1], (0, 0))
        out[key[:-1]] = (total + n, types + 1)
    return out


@cache
def opencc_prior() -> Prior:
    """The prior from OpenCC's simplified->traditional phrase and character lists.

    The traditional side of STPhrases gives within-word bigrams (about 49,000
    words); characters STCharacters maps to something else are simplified-only.
    Empty when OpenCC's dictionary tool is missing: the document model then
    stands alone.
    """
    root = _opencc_dir()
    if root is None:
        return EMPTY_PRIOR
    try:
        with tempfile.TemporaryDirectory(prefix="policy-tui-") as tmp:
            phrases = _dump_dictionary(root, "STPhrases", Path(tmp))
            chars = _dump_dictionary(root, "STCharacters", Path(tmp))
    except (OSError, subprocess.SubprocessError):
        return EMPTY_PRIOR
    words = [line.partition("\t")[2].split(" ", 1)[0] for line in phrases]
    bigrams = Counter(w[i : i + 2] for w in words for i in range(len(w) - 1))
    unigrams = Counter("".join(words))
    simplified_only, traditional_only = set(), set()
    for line in chars:
        simp, _, trad = line.partition("\t")
        forms = trad.split(" ")
        if simp and simp not in forms:
            simplified_only.add(simp)
        traditional_only.update(t for t in forms if t != simp)
    return Prior(bigrams, _contexts(bigrams), unigrams, frozenset(simplified_only), frozenset(traditional_only))


@cache
def char_class(ch: str) -> str:
    """A coarse class for backing off, mostly to model punctuation."""
    o = ord(ch)
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
        return "H"
    if 0xE000 <= o <= 0xF8FF:
        return "P"
    if ch in "“‘《(〔【[〈「":
        return "O"
    if ch in "”’》)〕】]〉」":
        return "C"
    if ch in "。!?;":
        return "E"
    if ch in ",、:·":
        return "M"
    if ch.isdigit() or ch in ".%":
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return "X"


_CLASSES = 10  # the classes char_class() returns


def _floor(ch: str, prior: Prior) -> float:
    """Probability of a character neither source has seen, by its kind."""
    o = ord(ch)
    if 0xE000 <= o <= 0xF8FF:
        return 1e-12  # private use: only ever damage
    if ch in prior.simplified_only:
        return 1e-10
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
        return 1e-7
    return 1e-8


class CharLM:
    """P(c | ab), interpolated Witten-Bell: document trigram -> document bigram
    -> prior bigram -> class bigram x unigram."""

    def __init__(self, texts: Iterable[str], prior: Prior = EMPTY_PRIOR) -> None:
        self.prior = prior
        texts = list(texts)
        self.unigrams: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        trigrams: Counter[str] = Counter()
        classes: Counter[str] = Counter()
        for t in texts:
            self.unigrams.update(t)
            bigrams.update(t[i : i + 2] for i in range(len(t) - 1))
            trigrams.update(t[i : i + 3] for i in range(len(t) - 2))
            cls = "".join(char_class(c) for c in t)
            classes.update(cls[i : i + 2] for i in range(len(cls) - 1))
        self._bi, self._bi_ctx = bigrams, _contexts(bigrams)
        self._tri, self._tri_ctx = trigrams, _contexts(trigrams)
        self._cls = classes
        self._cls_ctx = _contexts(classes)
        self._cls_total = Counter({k: n for k, (n, _) in self._cls_ctx.items()})
        self._cls_n = max(1, sum(self._cls_total.values()))
        self._doc_total = max(1, sum(self.unigrams.values()))
        self._prior_total = max(1, sum(prior.unigrams.values()))
        self._uni: dict[str, float] = {}
        self._class_mass: Counter[str] = Counter()
        for ch in set(self.unigrams) | set(prior.unigrams):
            self._class_mass[char_class(ch)] += self.unigram(ch)
        self._common: str | None = None
        self._after: dict[str, str] = {}
        self._before: dict[str, str] = {}
        self._p2: dict[str, float] = {}
        self._p3: dict[str, float] = {}
        self.cache = self._p3  # log-probabilities computed so far, keyed by context + char

    def _cls_uni(self, cc: str) -> float:
        return (self._cls_total.get(cc, 0) + 0.5) / (self._cls_n + 0.5 * _CLASSES)

    def unigram(self, c: str) -> float:
        p = self._uni.get(c)
        if p is None:
            doc = self.unigrams.get(c, 0) / self._doc_total
            gen = self.prior.unigrams.get(c, 0) / self._prior_total
            p = (1 - PRIOR_WEIGHT) * doc + PRIOR_WEIGHT * gen + _floor(c, self.prior)
            self._uni[c] = p
        return p

    def bigram(self, b: str, c: str) -> float:
        """P(c | b)."""
        key = b + c
        p = self._p2.get(key)
        if p is not None:
            return p
        if c == "?":
            p = QUESTION_P
        else:
            cb, cc = char_class(b), char_class(c)
            n, _ = self._cls_ctx.get(cb, (0, 0))
            p_cls = (self._cls.get(cb + cc, 0) + CLASS_ALPHA * self._cls_uni(cc)) / (n + CLASS_ALPHA)
            mass = self._class_mass.get(cc, 0.0)
            u = self.unigram(c)
            p = p_cls * u / mass if mass > u else u
            n, t = self.prior.contexts.get(b, (0, 0))
            if n:
                p = (self.prior.bigrams.get(key, 0) + t * p) / (n + t)
            n, t = self._bi_ctx.get(b, (0, 0))
            if n:
                p = (self._bi.get(key, 0) + t * p) / (n + t)
        self._p2[key] = p
        return p

    def logp(self, hist: str, c: str) -> float:
        """log P(c | the last two characters of ``hist``)."""
        key = hist[-2:] + c
        v = self._p3.get(key)
        if v is not None:
            return v
        p = self.bigram(hist[-1], c) if hist else self.unigram(c)
        if len(key) == 3 and c != "?":
            n, t = self._tri_ctx.get(key[:2], (0, 0))
            if n:
                p = (self._tri.get(key, 0) + t * p) / (n + t)
        v = math.log(p)
        self._p3[key] = v
        return v

    def neighbours(self, left: str, right: str | None) -> set[str]:
        """Characters seen after ``left`` or before ``right``, plus the commonest:
        the only ones that can win a slot between those two."""
        if self._common is None:
            self._common = "".join(c for c, _ in self.unigrams.most_common(COMMON))
            self._after, self._before = _index(self._bi)
        p_after, p_before = _neighbour_index(self.prior)
        out = set(self._common)
        out.update(self._after.get(left, ""), p_after.get(left, ""))
        if right is not None:
            out.update(self._before.get(right, ""), p_before.get(right, ""))
        return out

    def glued_bonus(self, c: str) -> float:
        """Log-odds that ``c`` carried glued pinyin: sites annotate the traditional
        forms that differ from the simplified (99% of the seed's 3,000 cases)."""
        if not self.prior.traditional_only:
            return 0.0
        return GLUED_TRADITIONAL if c in self.prior.traditional_only else GLUED_OTHER

    def vocabulary(self) -> set[str]:
        return set(self.unigrams) | set(self.prior.unigrams)
