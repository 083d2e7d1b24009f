"""The one numeral reader, as a table."""

import pytest

from tui.document.numerals import cn_to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1), ("五", 5), ("十", 10), ("十三", 13), ("二十", 20), ("二十一", 21),
        ("一百", 100), ("一百零五", 105), ("一百一十", 110), ("两", 2), ("两百", 200),
        ("两千零二十二", 2022), ("二〇二二", 2022), ("二零二五", 2025), ("〇", 0),
        ("12", 12), ("１２", 12), ("5", 5),
        ("", None), ("五a", None), ("二三十", None), ("十百", None), ("章", None), ("1.5", None),
    ],
)
def test_numerals(text: str, value: int | None) -> None:
    assert cn_to_int(text) == value


def test_int_to_cn_is_the_inverse_of_cn_to_int() -> None:
    """Word's Chinese list numbers (一、 十一、 一百零五、) are drawn with it."""
    from tui.document.numerals import int_to_cn

    assert [int_to_cn(n) for n in (1, 10, 13, 20, 105, 110)] == ["一", "十", "十三", "二十", "一百零五", "一百一十"]
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 1000))
