import pytest

from gongkai.search import bigrams


def test_chinese_is_cut_into_overlapping_pairs():
    assert bigrams.pairs("低保金") == ["低保", "保金"]
    # the run's last character closes it: single characters are found, phrases never span two runs
    assert bigrams.tokens("低保金") == ["低保", "保金", "金"]


def test_ascii_words_whole_and_lower_cased_digits_kept():
    assert bigrams.tokens("GB2312 标准 PDF 2020年") == ["gb2312", "标准", "准", "pdf", "2020", "年"]


def test_full_width_is_normalised():
    assert bigrams.tokens("ＡＢＣ１２３") == ["abc123"]


def test_punctuation_separates_runs():
    assert bigrams.tokens("低保，保金") == ["低保", "保", "保金", "金"]
    assert bigrams.tokens("邵放组办字〔2020〕1号") == ["邵放", "放组", "组办", "办字", "字", "2020", "1", "号"]


def test_query_term_is_a_phrase_of_its_pairs_and_a_substring():
    (term,) = bigrams.parse_query("低保金")
    assert term.phrases == (("低保", "保金"),)
    assert term.substrings == ("低保金",)
    (two,) = bigrams.parse_query("学区")
    assert two.phrases == (("学区",),) and two.substrings == ()


def test_single_character_is_a_prefix():
    (term,) = bigrams.parse_query("镇")
    assert term.phrases == ()
    assert term.prefixes == ("镇",)


def test_query_words_at_spaces():
    terms = bigrams.parse_query("  学区  PDF ")
    assert [t.text for t in terms] == ["学区", "pdf"]
    assert terms[1].phrases == (("pdf",),)


def test_empty_query():
    assert bigrams.parse_query("  ，。 ") == []


@pytest.mark.parametrize(("run", "expected"), [
    ("低保名单", ["低保", "名单"]),
    ("学区划分", ["学区", "划分"]),
    ("低保金", ["低保金"]),  # three characters or fewer stay whole
    ("义务教育学校名录", ["义务教育", "学校", "名录"]),
    ("关于强化学区划分管理", ["关于强", "化学区", "划分", "管理"]),  # single characters glued to a neighbour
    ("学区", ["学区"]),
])
def test_a_query_run_is_cut_into_words_of_two_characters_or_more(run, expected):
    assert bigrams.words(run) == expected
    assert "".join(bigrams.words(run)) == run


def test_a_run_cut_into_words_keeps_its_whole_form_for_ranking():
    (term,) = bigrams.parse_query("低保名单")
    assert term.phrases == (("低保",), ("名单",)) and term.exact == ("低保名单",) and term.substrings == ()
    (whole,) = bigrams.parse_query("低保金")
    assert whole.exact == ()


def test_shared_pairs_measure_how_close_a_name_is():
    assert bigrams.shared_pairs("低保明单", "低保名单公示") == 1
    assert bigrams.shared_pairs("低保名单", "低保名单公示") == 3
    assert bigrams.shared_pairs("招生", "低保名单公示") == 0


def test_joints_join_a_character_to_the_letters_or_digits_touching_it():
    """Every end of the run before the character (3年 … 2023年) and every start of the run after it (第3 第30), with
    nothing or one space between: a text holds the joint exactly when it holds the pair as a substring."""
    assert bigrams.joints("2023年") == {"3年", "23年", "023年", "2023年"}
    assert bigrams.joints("第 30 条") == {"第3", "第30", "0条", "30条"}
    assert bigrams.joints("ＡＢ１２号") == {"2号", "12号", "b12号", "ab12号"}  # normalised first


def test_joints_need_the_character_to_touch_the_run():
    assert bigrams.joints("2023  年") == set()  # two spaces
    assert bigrams.joints("2023\n年") == set()  # the line between a title and its body
    assert bigrams.joints("2023-年") == set()
    assert bigrams.joints("低保名单") == set() and bigrams.joints("2023 2024") == set()


def test_joints_hold_at_most_joint_max_characters_of_the_run():
    run = "1234567890123"
    found = bigrams.joints(run + "号")
    assert max(len(j) for j in found) == bigrams.JOINT_MAX + 1
    assert len(found) == bigrams.JOINT_MAX


def test_lexemes_are_the_tokens_and_joints_read_in_one_pass():
    """`lexemes` (what a PostgreSQL vector is made of) equals the tokens and joints read apart, on texts mixing
    Chinese, letters, digits, spaces, line breaks, full-width forms, single characters and long numbers."""
    import random

    pieces = ["2023", "年", "第", " ", "  ", "\n", "低保", "名单", "ＡＢ１２", "号", "a", "x1", "〔", "〕", "公",
              "1234567890123", "-", "，", "政府信息公开", "é", "ｶ", "㍻", "𠀀"]
    rng = random.Random(2026)
    texts = ["", "年", "2023年", "第 30 条", "标题\n正文 2023 年", *(
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000))]
    for text in texts:
        assert bigrams.lexemes(text) == set(bigrams.tokens(text)) | bigrams.joints(text), text
