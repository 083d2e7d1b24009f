"""Provides word-level terms of Chinese text (jieba) and TF-IDF vectors over measures.

Plain Python.  jieba's dictionary takes about a second to load, so it is
loaded on the first call that needs it (never at start-up), once per
process, with its cache file in our cache folder and its logging silenced
(a line on stderr would tear the terminal UI).  The shipped term list
(``data/terms.txt``) is added to the dictionary, so that 集团化办学 and
县管校聘 are single terms; the search-engine cut also yields their parts
(集团化, 办学), so a plan that writes only 集团化 still shares a term.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui import locations

if TYPE_CHECKING:
    from tui.document.model import Document

# Words that say nothing about what a measure is about: function words and the
# verbs and adverbs every policy sentence carries.  IDF discounts them too,
# but two measures must not look alike (nor list "推进" as shared) for them.
_STOPWORD_TEXT = """
的 地 得 了 着 和 与 及 以及 或 或者 并 并且 而 等 等等 在 对 对于 为 以 把 将 从 由 向 于 之 其 其中 各 每 该 此
这 这些 那 是 有 要 也 都 又 还 就 所 被 让 使 给 中 上 下 内 外 里 后 前 时 年 月 日 个 一 二 三 一批 一些 一步
进一步 全面 加强 推进 深化 提高 提升 完善 健全 建立 积极 不断 持续 切实 大力 着力 坚持 实施 开展 加快 促进 推动 落实
工作 有效 相关 各类 各级 重点 力争 确保 实现 达到 以上 以下 以内 左右 不低于 不少于 努力 充分 发挥 作用 更加 明显
显著 水平 能力 体系 机制 制度 建设 发展 全市 全县 全区 全省 我市 我县 我区 本市 本县 各县 市 县 区 通过 围绕 按照
根据 结合 加大 力度 进行 做好 抓好 主要 基本 逐步 继续 稳步 扎实 深入 全力 有序 形成 构建 打造 支持 鼓励 引导
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Words jieba would cut apart that plans use as one: the five-year periods.
EXTRA_WORDS = ("十一五", "十二五", "十三五", "十四五", "十五五", "十六五")
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z]")  # a term has a Han character or a letter
_NUMBER = re.compile(r"^[\d.%％]+$")

_lock = threading.Lock()
_loaded: list[Any] = []  # the tokenizer, once loaded


def _load() -> Any:
    """jieba's tokenizer with our terms added (loaded once; about a second)."""
    if _loaded:
        return _loaded[0]
    with _lock:  # a worker and the UI thread may both ask first
        if not _loaded:
            import jieba

            from tui.document.related import load_terms

            jieba.setLogLevel(logging.CRITICAL)  # its progress lines would tear the UI
            tokenizer = jieba.Tokenizer()
            folder = locations.cache_dir()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                tokenizer.tmp_dir = str(folder)
            except OSError:
                pass  # jieba falls back to the system temp folder
            tokenizer.initialize()
            for term in (*load_terms(), *EXTRA_WORDS):
                tokenizer.add_word(term, freq=None)
            _loaded.append(tokenizer)
    return _loaded[0]


def loaded() -> bool:
    """Whether the dictionary is loaded already (the next cut is fast)."""
    return bool(_loaded)


def warm_up() -> None:
    """Load the dictionary now (call from a worker before the first cut)."""
    _load()


def is_term(word: str) -> bool:
    """A word worth comparing: two characters or more, with a Han character or letter, no stopword."""
    return len(word) >= 2 and bool(_WORD.search(word)) and word not in STOPWORDS and not _NUMBER.match(word)


def words(text: str) -> list[str]:
    """The words of ``text`` in order (jieba's precise cut), punctuation and spaces dropped."""
    return [w for w in _load().lcut(text) if w.strip() and _WORD.search(w)]


def terms(text: str) -> list[str]:
    """The terms of ``text`` for scoring: the search-engine cut (whole words and their parts), filtered."""
    return [w for w in _load().lcut_for_search(text) if is_term(w)]


@dataclass(frozen=True)
class Scored:
    """One candidate of a vector search: its row and cosine similarity."""

    row: int
    score: float


class TermVectors:
    """TF-IDF vectors of a list of texts, unit length, with postings for fast cosine search.

    Weights: ``(1 + log tf) * idf`` with the smoothed ``idf = log((1 + n) / (1 + df)) + 1``.
    ``df`` is counted over ``basis`` when given (e.g. both plans of a comparison),
    else over the texts themselves.
    """

    def __init__(self, term_lists: Sequence[Sequence[str]], basis: Iterable[Sequence[str]] | None = None) -> None:
        counts = [Counter(ts) for ts in term_lists]
        df: Counter[str] = Counter()
        n = 0
        for ts in basis if basis is not None else term_lists:
            df.update(set(ts))
            n += 1
        self.idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
        default = math.log(1 + n) + 1  # a term the basis never saw
        self.vectors: list[dict[str, float]] = []
        for c in counts:
            vec = {term: (1 + math.log(tf)) * self.idf.get(term, default) for term, tf in c.items()}
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            self.vectors.append({term: w / norm for term, w in vec.items()})
        self.postings: dict[str, list[int]] = {}
        for row, vec in enumerate(self.vectors):
            for term in vec:
                self.postings.setdefault(term, []).append(row)

    def __len__(self) -> int:
        return len(self.vectors)

    def nearest(self, query: dict[str, float], limit: int, skip: frozenset[int] = frozenset(),
                floor: float = 0.0) -> list[Scored]:
        """Rows most similar to a unit ``query`` vector, best first (ties by row)."""
        scores: dict[int, float] = {}
        for term, weight in query.items():
            for row in self.postings.get(term, ()):
                scores[row] = scores.get(row, 0.0) + weight * self.vectors[row][term]
        ranked = sorted(((s, r) for r, s in scores.items() if r not in skip and s > floor), key=lambda x: (-x[0], x[1]))
        return [Scored(r, s) for s, r in ranked[:limit]]

    def shared(self, a: dict[str, float], b: dict[str, float], limit: int = 6) -> tuple[str, ...]:
        """Terms in both vectors, most weight first; a term inside a longer shared one is left out."""
        common = sorted((t for t in a if t in b), key=lambda t: (-a[t] * b[t], -len(t), t))
        out: list[str] = []
        for term in common:
            if not any(term in longer for longer in out):
                out = [w for w in out if w not in term] + [term]
            if len(out) >= limit:
                break
        return tuple(out)


_DOC_TERMS: dict[int, tuple[object, list[list[str]]]] = {}


def measure_terms(doc: Document) -> list[list[str]]:
    """The terms of every measure of ``doc`` (cut once per document, cached)."""
    cached = _DOC_TERMS.get(id(doc))
    if cached is None or cached[0] is not doc:
        cached = (doc, [terms(m.text) for m in doc.measures])
        _DOC_TERMS[id(doc)] = cached
    return cached[1]
