"""Unit rules of cleaning: pinyin, punctuation, conversion, search fold."""

from __future__ import annotations

from tui.document.search import fold, search
from tui.ingest.convert import to_simplified
from tui.ingest.pinyin import strip_pinyin
from tui.ingest.punct import restore_punctuation


def test_pinyin_removed_but_real_brackets_kept():
    text, n = strip_pinyin("學(xué)校和社會(huì )各縣(市、區)(一)(群)(改擴建)(農村)(2017-2020年)")
    assert text == "學校和社會各縣(市、區)(一)(群)(改擴建)(農村)(2017-2020年)"
    assert n == 2


def test_pinyin_after_latin_text_is_not_touched():
    assert strip_pinyin("GDP(gè)")[0] == "GDP(gè)"


def test_punctuation_restored_but_numbers_kept():
    src = "達到361.94億元,增長1.5%-2.5%;時間21:48,見(一)和(GDP)"
    out = restore_punctuation(src)
    assert out == "達到361.94億元，增長1.5%-2.5%；時間21:48，見（一）和（GDP）"
    assert len(out) == len(src)
    assert restore_punctuation("1,000 and a:b") == "1,000 and a:b"


def test_punctuation_keeps_flagged_spans():
    assert restore_punctuation("錯?!誤,", keep=[(1, 3)]) == "錯?!誤，"


def test_zhu_rules():
    assert to_simplified("以優質均衡為著力點,承擔著使命,成效顯著,著名學者") == "以优质均衡为着力点,承担着使命,成效显著,著名学者"


def test_conversion_keeps_length():
    src = "乾淨的幹部於後裡發展\n臺灣甚麼"
    assert len(to_simplified(src)) == len(src)


def test_fold_unifies_scripts_width_and_variants():
    assert fold("集團化辦學") == fold("集团化办学")
    assert fold("承擔著") == fold("承担着")
    assert fold("ＡＢＣ１２") == "abc12"
    assert len(fold("集團化辦學ＡＢ")) == 7


def test_search_folds_quotation_styles() -> None:
    """"十四五" typed with ASCII quotes finds “十四五” (14 hits in the bundled plan), and 「」 too."""
    from tui.ingest.load import load_document

    doc = load_document(None)
    assert len(search(doc, '"十四五"')) == len(search(doc, "“十四五”")) == 14
    assert fold("「十四五」") == fold('"十四五"') and fold("‘x’") == fold("'x'")


def test_web_and_mail_addresses_keep_their_ascii_marks():
    """https://www.gov.cn/… read https：//www.gov.cn/… once its colon was taken for Chinese punctuation."""
    from tui.ingest.punct import restore_punctuation

    text = "详见https://www.gov.cn/zhengce/content_6929021.htm,网址:https://a.cn/x?id=1,2。邮箱:zhengce@gov.cn,来源(https://a.cn/b)。"
    assert restore_punctuation(text) == (
        "详见https://www.gov.cn/zhengce/content_6929021.htm，网址：https://a.cn/x?id=1,2。邮箱：zhengce@gov.cn，来源（https://a.cn/b）。")
