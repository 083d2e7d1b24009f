"""Provides reading a plan file from disk and decoding it to text, safely."""

from __future__ import annotations

import codecs
from pathlib import Path

from tui.errors import UserError
from tui.files import MAX_DOCUMENT_BYTES, MAX_INPUT_BYTES, read_user_file
from tui.i18n import t


def size_limit(path: str | Path) -> int:
    """The most a plan file may hold: a processed document (.json) or a raw plan."""
    return MAX_DOCUMENT_BYTES if Path(path).suffix.lower() == ".json" else MAX_INPUT_BYTES


def check_size(path: str | Path) -> None:
    """A one-line UserError if ``path`` is over its limit (missing files are left to the reader)."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return
    limit = size_limit(path)
    if size > limit and Path(path).is_file():
        raise UserError(t("ingest.error.too_large", name=str(path), size=f"{size / 1024 / 1024:.1f}",
                          limit=limit // 1024 // 1024))


def read_bytes(path: str | Path) -> bytes:
    """The plan file's bytes, or a one-line UserError saying what is wrong."""
    check_size(path)
    return read_user_file(path, "file.what.plan", size_limit(path))


def _looks_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where the NUL bytes fall."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    # ASCII-heavy UTF-16 has NULs on one side only; CJK-heavy UTF-16 has few
    # NULs, but then it would not be valid UTF-8 or GB18030 text anyway.
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _is_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad / min(len(text), 20000) < 0.01


def _mostly_cjk(text: str) -> bool:
    sample = [c for c in text[:5000] if not c.isspace()]
    cjk = sum(1 for c in sample if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return bool(sample) and cjk / len(sample) > 0.5


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32 with BOM, BOM-less UTF-16, GB18030/GBK."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            candidates = [enc]
            break
    else:
        guess = _looks_utf16(data)
        # CJK-heavy UTF-16 without a BOM has few NULs: try it last.
        candidates = [guess] if guess else ["utf-8", "gb18030", "utf-16-le", "utf-16-be"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _is_text(text) and (not enc.startswith("utf-16") or _mostly_cjk(text)):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    raise UserError(t("ingest.error.not_text", name=name))


def read_text(path: str | Path) -> str:
    return decode_bytes(read_bytes(path), str(path))
