"""The pure scanner: positives, negatives (things that look like personal data but are not), masking."""

from __future__ import annotations

import pytest

from gongkai.publishing.privacy import (
    KIND_LABELS,
    Hit,
    id_check_digit,
    is_credit_code,
    is_valid_id_number,
    load_sensitive_words,
    luhn_valid,
    mask_hit,
    masked,
    scan_text,
)
from tests.publishing.privacy_support import fake_id, luhn_complete, luhn_invalid

ID = fake_id()  # 430503199001011236
CARD19 = luhn_complete("622202020011223344")
CARD16 = luhn_complete("621700123456789")
NO_WORDS = ()


def _id_with_x() -> str:
    for seq in range(100, 999):
        first17 = f"43050319850615{seq}"
        if id_check_digit(first17) == "X":
            return first17 + "X"
    raise AssertionError


ID_X = _id_with_x()


def only(text, **kwargs):
    hits = scan_text(text, **kwargs)
    assert len(hits) == 1, hits
    return hits[0]


# ------------------------------------------------------------------------------------------------
# positives: (text, kind, hit text, proposed masking)

POSITIVES = [
    (f"身份证号：{ID}", "id_number", ID, "430503********1236"),
    (f"身份证{ID_X}", "id_number", ID_X, ID_X[:6] + "********" + ID_X[14:]),
    (f"身份证{ID_X.lower()}", "id_number", ID_X.lower(), ID_X[:6].lower() + "********" + ID_X[14:].lower()),
    ("证件号码：４３０５０３１９９００１０１１２３６", "id_number", "４３０５０３１９９００１０１１２３６",
     "４３０５０３********１２３６"),
    (f"公民身份号码 {fake_id('110105', '20000229', '007')}。", "id_number", fake_id("110105", "20000229", "007"),
     "110105********" + fake_id("110105", "20000229", "007")[14:]),
    ("旧身份证 430503900101123", "id_number", "430503900101123", "430503******123"),
    ("4305031990****1234", "id_number", "4305031990****1234", "430503********1234"),
    ("430503199001011***", "id_number", "430503199001011***", "430503********1***"),
    ("43050319900101＊＊＊＊", "id_number", "43050319900101＊＊＊＊", "430503************"),
    ("手机13812345678", "mobile", "13812345678", "138****5678"),
    ("手机：138-1234-5678", "mobile", "138-1234-5678", "138-****-5678"),
    ("手机 138 1234 5678", "mobile", "138 1234 5678", "138 **** 5678"),
    ("+86 13812345678", "mobile", "+86 13812345678", "+86 138****5678"),
    ("联系人手机19912345678。", "mobile", "19912345678", "199****5678"),
    ("电话：15073900000，请于", "mobile", "15073900000", "150****0000"),
    ("联系电话0739-5212345", "landline", "0739-5212345", "0739-***2345"),
    ("电话07395212345", "landline", "07395212345", "0739***2345"),
    ("住宅电话010-62345678", "landline", "010-62345678", "010-****5678"),
    ("家中电话（0739）5212345", "landline", "（0739）5212345", "（0739）***2345"),
    ("电话0739-5212345转801", "landline", "0739-5212345转801", "0739-***2345转801"),
    ("电话02155551234", "landline", "02155551234", "021****1234"),
    (f"银行卡号：{CARD19}", "bank_card", CARD19, CARD19[:4] + "*" * 11 + CARD19[-4:]),
    ("卡号 6217 0012 3456 7893", "bank_card", "6217 0012 3456 7893", "6217 **** **** 7893"),
    (f"账号{CARD16}", "bank_card", CARD16, CARD16[:4] + "*" * 8 + CARD16[-4:]),
    ("家住城西街道七里村3组12号", "address", "城西街道七里村3组12号", "城西街道七里村***"),
    ("宝庆路12号3栋2单元501室", "address", "宝庆路12号3栋2单元501室", "宝庆路***"),
    ("住址：敏州社区桃花小区5栋2单元302室", "address", "敏州社区桃花小区5栋2单元302室", "敏州社区桃花小区***"),
    ("湖南省邵阳市大祥区城南街道敏州社区红旗路18号", "address", "湖南省邵阳市大祥区城南街道敏州社区红旗路18号",
     "湖南省邵阳市大祥区城南街道敏州社区红旗路***"),
    ("现住檀江乡檀江村五组", "address", "檀江乡檀江村五组", "檀江乡檀江村***"),
    ("户主李某，地址：宝庆路12号3栋", "address", "宝庆路12号3栋", "宝庆路***"),
    (f"身份证号 430503 19900101 {ID[14:]}", "id_number", f"430503 19900101 {ID[14:]}",
     f"430503 ******** {ID[14:]}"),
]


@pytest.mark.parametrize(("text", "kind", "found", "proposal"), POSITIVES, ids=[p[0][:24] for p in POSITIVES])
def test_personal_data_is_found_with_a_proposed_masking(text, kind, found, proposal):
    """《条例》第十五条 (个人隐私) and 第十七条 (审查): personal data is found, with a proposed masking."""
    hit = only(text, sensitive_words=NO_WORDS)
    assert (hit.kind, hit.text, hit.masked) == (kind, found, proposal)
    assert text[hit.start:hit.end] == found
    assert hit.note


def test_wrongly_masked_id_number_says_the_birth_date_must_be_hidden():
    """第十五条 个人隐私: a mask leaving the birth date visible is still a leak."""
    hit = only("身份证号：4305031990****1234", sensitive_words=NO_WORDS)
    assert "出生日期" in hit.note and hit.masked == "430503********1234"


# names beside data --------------------------------------------------------------------------------

NAME_ROWS = [
    (f"1\t王小明\t{ID}\t13812345678", "王小明", "王*明", "id_number"),
    ("姓名：李四，电话：13812345678", "李四", "李*", "mobile"),
    (f"2,欧阳小明,男,{ID}", "欧阳小明", "欧**明", "id_number"),
    ("刘德胜 七里村3组12号", "刘德胜", "刘*胜", "address"),
    (f"陈静\t{CARD19}", "陈静", "陈*", "bank_card"),
    (f"王小明{ID}", "王小明", "王*明", "id_number"),
    (f"姓名张三丰身份证号码{ID}", "张三丰", "张*丰", "id_number"),  # no separator: the next label ends the name
]


@pytest.mark.parametrize(("row", "name", "proposal", "kind"), NAME_ROWS, ids=[r[1] for r in NAME_ROWS])
def test_name_in_the_same_row_as_personal_data_is_flagged(row, name, proposal, kind):
    """《条例》第十五条: a name beside an ID number/phone/address in a list identifies the person."""
    hits = scan_text(row, sensitive_words=NO_WORDS)
    name_hits = [h for h in hits if h.text == name]
    assert len(name_hits) == 1, hits
    # reported as a name (issue 9: names were labelled with their neighbour's kind, 身份证号), the note
    # saying which data stands beside it
    assert name_hits[0].masked == proposal and name_hits[0].kind == "name"
    assert "姓名与个人信息同列" in name_hits[0].note and KIND_LABELS[kind] in name_hits[0].note


def test_names_without_personal_data_are_not_flagged():
    assert scan_text("张三 李四 王五 参加了会议", sensitive_words=NO_WORDS) == []


def test_pseudonymised_names_are_not_flagged_again():
    hits = scan_text(f"张某某\t{ID}", sensitive_words=NO_WORDS)
    assert [h.kind for h in hits] == ["id_number"]


# sensitive words ----------------------------------------------------------------------------------

WORDS = [
    ("大祥县人民政府", "大祥县", "大祥区"),
    ("报区政府办审核", "政府办", "人民政府办公室"),
    ("截止2021年底", "截止", "截至"),
    ("法人代表：王某", "法人代表", "法定代表人"),
    ("依据政务公开条例", "政务公开条例", "政府信息公开条例"),
    ("照顾残废人", "残废人", "残疾人"),
]


@pytest.mark.parametrize(("text", "word", "correction"), WORDS, ids=[w[1] for w in WORDS])
def test_wrong_names_and_terms_get_their_correction(text, word, correction):
    """《条例》第十七条 (审查机制): wrong official names and terms are flagged with their correction."""
    hit = only(text)
    assert (hit.kind, hit.text, hit.masked) == ("sensitive_word", word, correction)
    assert correction in hit.note


def test_classification_marking_is_flagged_without_correction():
    hit = only("秘密★1年 关于某事的通知")
    assert hit.kind == "sensitive_word" and "第十四条" in hit.note and set(hit.masked) == {"*"}


@pytest.mark.parametrize("text", ["区人民政府办公室", "区政府办公室主任", "截止日期为", "政府信息公开条例"])
def test_correct_terms_are_not_flagged(text):
    assert scan_text(text) == []


def test_word_list_is_configurable(tmp_path):
    path = tmp_path / "words.json"
    path.write_text('[{"word": "双清县", "correction": "双清区"}, "禁用词"]', encoding="utf-8")
    words = load_sensitive_words(path)
    hits = scan_text("双清县的禁用词", sensitive_words=words)
    assert [(h.text, h.masked) for h in hits] == [("双清县", "双清区"), ("禁用词", "***")]
    assert scan_text("大祥县", sensitive_words=words) == []


def test_shipped_word_list_loads():
    words = load_sensitive_words()
    assert any(w.word == "大祥县" and w.correction == "大祥区" for w in words)


# ------------------------------------------------------------------------------------------------
# negatives: none of these may be flagged

BAD_DATE_ID = fake_id("430503", "19901301", "123")
NEGATIVES = [
    "统一社会信用代码：91430500MA4L12345X",
    "统一社会信用代码 12430500006159876A",
    "信用代码914305001234567890",
    f"编码{BAD_DATE_ID}",
    f"编码{fake_id('430503', '19850230', '123')}",
    "编码" + ID[:17] + ("0" if ID[17] != "0" else "1"),
    "990503199001011236",
    "邵放组办字〔2020〕1号",
    "大政办发〔2021〕12号",
    "湘政发[2019]15号",
    "2021-06-30",
    "20210630",
    "2021年6月30日",
    "2019-2021年",
    "08:30-12:00",
    "金额1,234,567.89元",
    "合计 12345678.90 元",
    "编号 13800001111",
    "订单号：13912345678",
    "流水号13812345678",
    "批次 13700001111",
    "序号：15012345678",
    "邮政编码：422000",
    "区划代码 430503000000",
    "区划代码 430503001001",
    "索引号：430503/2021-00012",
    "索引号 430503000/2021-00012",
    "监督电话：0739-5212345",
    "咨询电话 0739-5212345",
    "服务热线：0739-5212345",
    "身份证号 430503********1236",
    "手机 138****5678",
    "卡号 6222***********3446",
    "办公地址：大祥区宝庆路12号",
    "大祥区民政局（地址：宝庆路12号）",
    "区政务服务中心，地址：邵阳市大祥区城南路88号",
    "城西街道办事处位于红旗路5号",
    "第一小组3号选手",
    luhn_invalid("622202020011223344"),
    "编号 " + luhn_complete("621700123456789"),
    "区号0739",
    "人口 1234567 人",
    "12345",
    "",
]


@pytest.mark.parametrize("text", NEGATIVES, ids=[n[:24] or "empty" for n in NEGATIVES])
def test_look_alikes_are_not_flagged(text):
    """GB 32100 信用代码, 文号, dates, amounts, serial numbers, postal and division codes, 索引号 are no personal data."""
    assert scan_text(text) == [], text


# checksums ----------------------------------------------------------------------------------------

def test_gb11643_check_digit():
    """GB 11643-1999: the check character is ISO 7064 MOD 11-2 over the first 17 digits."""
    assert id_check_digit("11010519491231002") == "X"  # the standard's own example
    assert is_valid_id_number("11010519491231002X")
    assert not is_valid_id_number("110105194912310021")


def test_id_number_needs_a_real_birth_date():
    assert not is_valid_id_number(BAD_DATE_ID)
    assert is_valid_id_number(ID)


def test_luhn():
    """ISO/IEC 7812 Luhn check used by bank cards."""
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")


def test_credit_code_checksum():
    """GB 32100-2015 统一社会信用代码 check character."""
    assert is_credit_code("91350100M000100Y43")
    assert not is_credit_code("91350100M000100Y44")


def test_checksum_valid_credit_code_that_passes_luhn_is_no_bank_card():
    code = None
    for n in range(10**8, 10**8 + 20000):
        body = f"91430500{n}"
        for c in "0123456789":
            if is_credit_code(body + c) and luhn_valid(body + c):
                code = body + c
                break
        if code:
            break
    assert code and scan_text(code, sensitive_words=NO_WORDS) == []


# masking -----------------------------------------------------------------------------------------

def test_masked_text_has_no_hits_and_keeps_the_rest():
    text = f"低保名单\n序号\t姓名\t身份证号\t电话\n1\t王小明\t{ID}\t13812345678\n备注：大祥县民政局"
    result = masked(text)
    assert scan_text(result) == []
    assert "430503********1236" in result and "138****5678" in result and "王*明" in result
    assert "大祥区民政局" in result and result.startswith("低保名单\n序号\t姓名")


def test_mask_hit_replaces_only_that_hit():
    text = "甲13812345678乙13912345678"
    first = scan_text(text)[0]
    assert mask_hit(text, first) == "甲138****5678乙13912345678"


def test_mask_hit_refuses_a_hit_from_another_text():
    with pytest.raises(ValueError, match="无法遮蔽"):
        mask_hit("完全不同的文字内容", Hit("mobile", "13812345678", 0, 11, "138****5678"))


def test_hits_are_ordered_and_do_not_overlap():
    hits = scan_text(f"{ID} 13812345678 0739-5212345")
    assert [h.kind for h in hits] == ["id_number", "mobile", "landline"]
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:], strict=False))


@pytest.mark.parametrize("pattern", ["(未闭合", "(?P<x>词)"])
def test_a_broken_word_pattern_is_refused_in_chinese(pattern):
    with pytest.raises(ValueError, match="敏感词"):
        scan_text("任意文字", sensitive_words=[{"word": "词", "pattern": pattern}])
