"""Provides a smoothed character trigram model: the document itself over an OpenCC phrase prior."""

from __future__ import annotations

import math
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from operator import add, itemgetter
from pathlib import Path

import orjson

from tui.files import atomic_write
from tui.ingest.wordlm import jieba_dict_file, read_jieba_dict
from tui.locations import cache_dir

PRIOR_WEIGHT = 0.3  # share of the OpenCC prior in the unigram mix
QUESTION_P = 1e-5  # a genuine "?" after any character
CLASS_ALPHA = 200.0  # pseudo-counts pulling class transitions toward class frequencies
PRIOR_BACKOFF = 1.0  # > 1 trusts the phrase list's bigrams less (they are word-internal)
# The commonest characters of the document and of the prior, always tried for
# a wholly lost character besides its neighbours' usual company.
COMMON, COMMON_PRIOR = 60, 300
# Log-odds for the character glued pinyin followed: traditional-only or not.
GLUED_TRADITIONAL, GLUED_OTHER = 1.0, -4.0


@dataclass(frozen=True, eq=False)
class NGrams:
    """Counts of n-grams (as strings) and, per context, its total and distinct successors."""

    counts: Mapping[str, float]
    totals: Mapping[str, float]
    types: Mapping[str, int]


def count_ngrams(pieces: Iterable[str], n: int) -> NGrams:
    """The n-grams (n = 2 or 3) inside each piece, never across two pieces."""
    text = _SEP.join(pieces)
    windows = map(add, text, text[1:]) if n == 2 else map("".join, zip(text, text[1:], text[2:], strict=False))
    counts = Counter(windows)
    for key in [k for k in counts if _SEP in k]:
        del counts[key]
    # Counter over map runs in C: this is the hot part of building a model.  The
    # totals sum the distinct n-grams (fewer than the text's, ever fewer as it grows).
    totals: Counter[str] = Counter()
    for key, k in counts.items():
        totals[key[:-1]] += k
    return NGrams(counts, totals, Counter(map(itemgetter(slice(None, -1)), counts)))


_SEP = "\x00"
_DIGITS = str.maketrans("123456789", "000000000")
_EMPTY = NGrams(Counter(), Counter(), Counter())


@dataclass(frozen=True, eq=False)
class Prior:
    """Character statistics of general traditional Chinese (OpenCC phrase lists)."""

    bigrams: NGrams  # within phrases
    unigrams: Counter[str]
    simplified_only: frozenset[str]  # characters a traditional text does not use
    traditional_only: frozenset[str]  # traditional forms that differ from the simplified


EMPTY_PRIOR = Prior(_EMPTY, Counter(), frozenset(), frozenset())


def _opencc_dir() -> Path | None:
    try:
        import opencc
    except ImportError:
        return None
    root = Path(opencc.__file__).parent / "clib"
    return root if (root / "bin" / "opencc_dict").exists() else None


def _dump_dictionaries(root: Path, names: tuple[str, ...], out_dir: Path) -> list[list[str]]:
    """Lines of OpenCC .ocd2 dictionaries, via the bundled opencc_dict tool (in parallel)."""
    tool = str(root / "bin" / "opencc_dict")
    jobs = []
    for name in names:
        src = root / "share" / "opencc" / f"{name}.ocd2"
        dst = out_dir / f"{name}.txt"
        cmd = [tool, "-i", str(src), "-o", str(dst), "-f", "ocd2", "-t", "text"]
        jobs.append((dst, subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
    out = []
    for dst, job in jobs:
        if job.wait(timeout=20) != 0:
            raise OSError(f"opencc_dict failed on {dst.name}")
        out.append(dst.read_text(encoding="utf-8").splitlines())
    return out


_DICTIONARIES = ("STPhrases", "STCharacters")
_CACHE_FORMAT = 2


@cache
def opencc_prior() -> Prior:
    """The prior: character bigrams within the words of general Chinese, in traditional script.

    The words are jieba's dictionary (349,000 words with corpus frequencies,
    converted with OpenCC s2t, each counted 1 + ln(frequency) times) and the
    traditional side of OpenCC's STPhrases (about 49,000 words, once each);
    STCharacters tells which characters only one script uses.  Built once per
    install and kept in the user cache as JSON.  Without jieba the OpenCC
    phrases stand alone; without OpenCC's dictionary tool the prior is empty
    and the document model stands alone.
    """
    root = _opencc_dir()
    if root is None:
        return EMPTY_PRIOR
    jieba_dict = jieba_dict_file()
    try:
        stats = [(root / "share" / "opencc" / f"{n}.ocd2").stat() for n in _DICTIONARIES]
        if jieba_dict is not None:
            stats.append(jieba_dict.stat())
    except OSError:
        return EMPTY_PRIOR
    stamp = f"{_CACHE_FORMAT}|" + "|".join(f"{st.st_size}:{st.st_mtime_ns}" for st in stats)
    cache_file = cache_dir() / "general-prior.json"
    prior = _read_cached(cache_file, stamp)
    if prior is None:
        prior = _build_prior(root, jieba_dict)
        if prior is not EMPTY_PRIOR:
            _write_cached(cache_file, stamp, prior)
    return prior


def _build_prior(root: Path, jieba_dict: Path | None) -> Prior:
    try:
        with tempfile.TemporaryDirectory(prefix="policy-tui-") as tmp:
            phrases, chars = _dump_dictionaries(root, _DICTIONARIES, Path(tmp))
    except (OSError, subprocess.SubprocessError):
        return EMPTY_PRIOR
    words = [line.partition("\t")[2].partition(" ")[0] for line in phrases]
    weighted: list[tuple[str, float]] = [(w, 1.0) for w in words]
    if jieba_dict is not None:
        entries = [(w, f) for w, f in read_jieba_dict(jieba_dict) if len(w) > 1]
        import opencc

        converted = opencc.OpenCC("s2t").convert("\n".join(w for w, _ in entries)).split("\n")
        if len(converted) == len(entries):
            weighted.extend((w, 1.0 + math.log(f)) for w, (_, f) in zip(converted, entries, strict=True))
    sums: dict[str, float] = {}
    unigrams: Counter[str] = Counter()
    for word, weight in weighted:
        for pair in map(add, word, word[1:]):
            sums[pair] = sums.get(pair, 0.0) + weight
        unigrams.update(word)
    counts = {pair: round(n, 1) for pair, n in sums.items()}  # a smaller cache
    totals: dict[str, float] = {}
    types: Counter[str] = Counter()
    for pair, n in counts.items():
        totals[pair[0]] = totals.get(pair[0], 0.0) + n
        types[pair[0]] += 1
    simplified_only: set[str] = set()
    traditional_only: set[str] = set()
    for line in chars:
        simp, _, trad = line.partition("\t")
        forms = trad.split(" ")
        if simp and simp not in forms:
            simplified_only.add(simp)
        traditional_only.update(t for t in forms if t != simp)
    grams = NGrams(counts, totals, types)
    return Prior(grams, unigrams, frozenset(simplified_only), frozenset(traditional_only))


def _read_cached(path: Path, stamp: str) -> Prior | None:
    try:
        data = orjson.loads(path.read_bytes())
        if data["stamp"] != stamp:
            return None
        grams = NGrams(Counter(data["counts"]), Counter(data["totals"]), Counter(data["types"]))
        return Prior(grams, Counter(data["unigrams"]), frozenset(data["simplified"]), frozenset(data["traditional"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, stale or damaged: rebuild


def _write_cached(path: Path, stamp: str, prior: Prior) -> None:
    data = {
        "stamp": stamp,
        "counts": prior.bigrams.counts,
        "totals": prior.bigrams.totals,
        "types": prior.bigrams.types,
        "unigrams": prior.unigrams,
        "simplified": sorted(prior.simplified_only),
        "traditional": sorted(prior.traditional_only),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, orjson.dumps(data))
    except OSError:
        pass  # a read-only cache only costs speed


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
        pieces = [t.translate(_DIGITS) for t in texts if t]
        joined = _SEP.join(pieces)
        self.unigrams = Counter(joined)
        del self.unigrams[_SEP]
        self._bi = count_ngrams(pieces, 2)
        self._tri = count_ngrams(pieces, 3)
        table = {ord(c): char_class(c) for c in self.unigrams}
        self._cls = count_ngrams([p.translate(table) for p in pieces], 2)
        self._cls_n = max(1, sum(self._cls.totals.values()))
        self._doc_total = max(1, sum(self.unigrams.values()))
        self._prior_total = max(1, sum(prior.unigrams.values()))
        self._uni: dict[str, float] = {}
        self._class_mass: dict[str, float] = {}
        for ch in set(self.unigrams) | set(prior.unigrams):
            cls = char_class(ch)
            self._class_mass[cls] = self._class_mass.get(cls, 0.0) + self.unigram(ch)
        self._common = "".join(c for c, _ in self.unigrams.most_common(COMMON))
        self._common_prior = "".join(c for c, _ in prior.unigrams.most_common(COMMON_PRIOR))
        self._after: dict[str, str] | None = None
        self._before: dict[str, str] = {}
        self._p2: dict[str, float] = {}
        self.cache: dict[str, float] = {}  # log P computed so far, keyed by context + char

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
            cls = self._cls
            cb, cc = char_class(b), char_class(c)
            p_cc = (cls.totals.get(cc, 0) + 0.5) / (self._cls_n + 0.5 * _CLASSES)
            p_cls = (cls.counts.get(cb + cc, 0) + CLASS_ALPHA * p_cc) / (cls.totals.get(cb, 0) + CLASS_ALPHA)
            mass = self._class_mass.get(cc, 0.0)
            u = self.unigram(c)
            p = p_cls * u / mass if mass > u else u
            for grams, scale in ((self.prior.bigrams, PRIOR_BACKOFF), (self._bi, 1.0)):
                n = grams.totals.get(b)
                if n:
                    t = grams.types[b] * scale
                    p = (grams.counts.get(key, 0) + t * p) / (n + t)
        self._p2[key] = p
        return p

    def logp(self, hist: str, c: str) -> float:
        """log P(c | the last two characters of ``hist``)."""
        raw_key = hist[-2:] + c
        v = self.cache.get(raw_key)
        if v is not None:
            return v
        # Which digit a number has is not predictable from text: the model sees
        # every digit as 0 and spreads the probability evenly over the ten.
        key = raw_key.translate(_DIGITS)
        c = key[-1]
        p = self.bigram(key[-2], c) if len(key) > 1 else self.unigram(c)
        if c == "0" and raw_key[-1].isdigit():
            p /= 10
        if len(key) == 3 and c != "?":
            tri = self._tri
            n = tri.totals.get(key[:2])
            if n:
                t = tri.types[key[:2]]
                p = (tri.counts.get(key, 0) + t * p) / (n + t)
        v = math.log(p)
        self.cache[raw_key] = v
        return v

    def neighbours(self, left: str, right: str | None) -> set[str]:
        """Characters the document shows after ``left`` or before ``right``, plus
        the commonest of the document and of the prior: the likely fillers of a
        wholly lost character between the two."""
        if self._after is None:
            after: dict[str, list[str]] = {}
            before: dict[str, list[str]] = {}
            for key in self._bi.counts:
                after.setdefault(key[0], []).append(key[1])
                before.setdefault(key[1], []).append(key[0])
            self._after = {k: "".join(v) for k, v in after.items()}
            self._before = {k: "".join(v) for k, v in before.items()}
        out = set(self._common)
        out.update(self._common_prior, self._after.get(left, ""))
        if right is not None:
            out.update(self._before.get(right, ""))
        return out

    def glued_bonus(self, c: str) -> float:
        """Log-odds that ``c`` carried glued pinyin: sites annotate the traditional
        forms that differ from the simplified (99% of the seed's 3,000 cases)."""
        if not self.prior.traditional_only:
            return 0.0
        return GLUED_TRADITIONAL if c in self.prior.traditional_only else GLUED_OTHER

    def vocabulary(self) -> set[str]:
        return set(self.unigrams) | set(self.prior.unigrams)
