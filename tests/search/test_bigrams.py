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
