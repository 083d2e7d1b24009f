"""Provides a word-level language model of general Chinese: jieba's dictionary, max-probability segmentation.

jieba ships 349,000 words with corpus frequencies (MIT).  A text's score is
the log-probability of its best segmentation into dictionary words (a
unigram word model, as jieba's own segmenter uses), after t2s conversion, so
that it ranks candidate readings of a damaged span by how much the words
around them read as Chinese.  An import mixes in the words of the document's
own clean text (WordLM.adapted).  The table is built once from jieba's file and
kept in the user cache (about 150 ms to load).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import orjson

from tui.document.chars import is_han
from tui.files import atomic_write
from tui.ingest.convert import to_simplified
from tui.locations import cache_dir

MAX_WORD = 8  # longer dictionary entries are idioms and names: rarely decisive, costly to try
# Characters of a document its own words are counted from (WordLM.adapted): a plan's vocabulary
# shows in far less, and a bigger plan must not cost more per character to import.
ADAPT_CHARS = 60_000
_CACHE_FORMAT = 1
# Log-probabilities of tokens the dictionary does not list, per token (a
# digit or letter run is one token).  Punctuation is about one token in six
# of plan text; the rest are rare.
PUNCT_LOGP = dict.fromkeys("，。、；：“”", -3.5) | dict.fromkeys("（）《》！？—…·％", -5.0)
DIGITS_LOGP = -6.0
LETTERS_LOGP = -9.0
OTHER_LOGP = -14.0  # rare symbols
NEWLINE_LOGP = -3.5  # a paragraph break (a run of line ends is one token), as a full stop
DAMAGE_LOGP = -22.0  # "?", U+FFFD and private-use characters: only ever damage
UNKNOWN_HAN_MARGIN = 2.0  # a character no word lists: below the rarest listed word

_RUN = re.compile(r"[0-9.%]+|[A-Za-z]+|\n+")
_DAMAGE = re.compile(r"[?\ufffd\ue000-\uf8ff]")


@dataclass(frozen=True, eq=False)
class WordLM:
    """log P(word) for the dictionary's words of up to MAX_WORD characters."""

    logp: dict[str, float]
    unknown_han: float

    def score(self, text: str) -> float:
        """Log-probability of the best segmentation of ``text`` (converted to simplified)."""
        return self.scores(text)[0]

    def scores(self, text: str) -> tuple[float, float]:
        """Log-probabilities of the best segmentation of ``text`` (converted to
        simplified) and of the segmentation into single characters: their
        difference is what the words explain."""
        s = to_simplified(text) if text else text
        n = len(s)
        best = [0.0] + [-math.inf] * n
        chars = 0.0
        logp = self.logp
        i = 0
        while i < n:
            here = best[i]
            ch = s[i]
            m = _RUN.match(s, i)
            if m:
                j = m.end()
                cost = NEWLINE_LOGP if ch == "\n" else LETTERS_LOGP if ch.isalpha() else DIGITS_LOGP
                prev = _RUN.match(s, i - 1) if i else None
                if prev is None or prev.end() <= i:  # count a run once, at its start
                    chars += cost
                best[j] = max(best[j], here + cost)
            elif is_han(ch):
                single = logp.get(ch, self.unknown_han)
                chars += single
                best[i + 1] = max(best[i + 1], here + single)
                for k in range(2, min(MAX_WORD, n - i) + 1):
                    p = logp.get(s[i : i + k])
                    if p is not None and here + p > best[i + k]:
                        best[i + k] = here + p
            else:
                punct = PUNCT_LOGP.get(ch)
                if punct is not None:
                    cost = punct
                else:
                    cost = DAMAGE_LOGP if _DAMAGE.match(ch) else 0.0 if ch.isspace() else OTHER_LOGP
                chars += cost
                best[i + 1] = max(best[i + 1], here + cost)
            i += 1
        return best[n], chars

    def adapted(self, pieces: list[str], weight: float) -> WordLM:
        """The model mixed with the words of ``pieces`` (the document's clean
        text): log(P(w) + weight * count(w) / chars) for each dictionary word of
        two or more characters found in them (a cache model: a plan repeats
        its own vocabulary)."""
        if weight <= 0 or not self.logp:
            return self
        total = sum(len(p) for p in pieces)
        if total > ADAPT_CHARS:  # a big plan: every k-th piece, so that the cost stays bounded
            pieces = pieces[:: -(-total // ADAPT_CHARS)]
        s = to_simplified("\n".join(pieces))
        chars = len(s) - len(pieces) + 1
        counts: Counter[str] = Counter()
        for k in range(2, MAX_WORD + 1):
            counts.update(filter(self.logp.__contains__, (s[i : i + k] for i in range(len(s) - k + 1))))
        if not counts:
            return self
        scale = weight / chars
        merged = dict(self.logp)
        for w, c in counts.items():
            merged[w] = math.log(math.exp(merged[w]) + scale * c)
        return WordLM(merged, self.unknown_han)


EMPTY = WordLM({}, -12.0)


def jieba_dict_file() -> Path | None:
    """jieba's dictionary file, found without importing jieba (which is slow)."""
    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


@cache
def jieba_words() -> WordLM:
    """The model from jieba's dictionary, cached; EMPTY (every text scores by its
    characters alone) when jieba is not installed."""
    source = jieba_dict_file()
    if source is None:
        return EMPTY
    try:
        st = source.stat()
    except OSError:
        return EMPTY
    stamp = f"{_CACHE_FORMAT}|{MAX_WORD}|{st.st_size}:{st.st_mtime_ns}"
    path = cache_dir() / "jieba-words.json"
    try:
        data = orjson.loads(path.read_bytes())
        if data["stamp"] == stamp:
            return WordLM(data["logp"], data["unknown_han"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, stale or damaged: rebuild
    model = _build(source)
    _write_cache(path, {"stamp": stamp, "logp": model.logp, "unknown_han": model.unknown_han})
    return model


def read_jieba_dict(path: Path) -> list[tuple[str, int]]:
    """(word, frequency) of each line "word frequency tag" of a jieba dictionary."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition(" ")
            count = rest.partition(" ")[0]
            if word and count.isdigit() and int(count) > 0:
                out.append((word, int(count)))
    return out


def _build(source: Path) -> WordLM:
    freqs: dict[str, int] = {}
    for word, count in read_jieba_dict(source):
        if len(word) <= MAX_WORD:
            freqs[word] = freqs.get(word, 0) + count
    total = sum(freqs.values()) or 1
    logp = {w: round(math.log(f / total), 3) for w, f in freqs.items() if f > 0}
    floor = min(logp.values(), default=-12.0) - UNKNOWN_HAN_MARGIN
    return WordLM(logp, floor)


def _write_cache(path: Path, data: dict[str, object]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, orjson.dumps(data))
    except OSError:
        pass  # a read-only cache only costs speed
