"""Privacy and sensitive-content scanner (pure: no Django, no files except the word list).

`scan_text(text, *, sensitive_words=None, location="") -> list[Hit]` finds, in a text:

- ``id_number``: 18-digit resident identity numbers with a valid GB 11643-1999 check digit and a real birth
  date (and the 15-digit old form), and identity numbers masked in the wrong places (birth date visible);
- ``mobile``: 1[3-9]x mobile numbers, also written 138-1234-5678 or 138 1234 5678, optionally +86;
- ``landline``: area code + 7/8-digit number (0739-5212345, (0739)5212345, 07395212345, extension);
- ``bank_card``: 16–19 digit numbers passing the Luhn check (ISO/IEC 7812) that are no identity number;
- ``address``: a detailed address, i.e. a village/community/road name followed by a house number
  (号/栋/幢/单元/室/组 …);
- ``name``: a person's name (2–4 Chinese characters) standing in the same table row or line as such data,
  with the note "姓名与个人信息同列" naming the data beside it;
- ``sensitive_word``: forbidden or sensitive expressions and common errors from a configurable list
  (`data/sensitive_words.json`), with the suggested correction where the list gives one.

Never flagged: 统一社会信用代码, 文号, dates, amounts, serial numbers labelled 编号/单号/流水号/批次…,
postal codes, 12-digit division codes, 索引号, and public service numbers labelled 监督电话/咨询电话….

`mask_hit(text, hit)` replaces one hit by its proposed masking, `masked(text)` masks every hit.
Offsets are character offsets into the text given.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ID_NUMBER = "id_number"
MOBILE = "mobile"
LANDLINE = "landline"
BANK_CARD = "bank_card"
ADDRESS = "address"
SENSITIVE_WORD = "sensitive_word"
NAME = "name"
KINDS = (ID_NUMBER, MOBILE, LANDLINE, BANK_CARD, ADDRESS, NAME, SENSITIVE_WORD)
PERSONAL_KINDS = frozenset({ID_NUMBER, MOBILE, LANDLINE, BANK_CARD, ADDRESS, NAME})

KIND_LABELS = {
    ID_NUMBER: "身份证号码",
    MOBILE: "手机号码",
    LANDLINE: "固定电话",
    BANK_CARD: "银行卡号",
    ADDRESS: "详细住址",
    NAME: "姓名",
    SENSITIVE_WORD: "敏感或错误表述",
}

NAME_NOTE = "姓名与个人信息同列"
MASK = "*"

DEFAULT_SENSITIVE_WORDS_PATH = Path(__file__).resolve().parent / "data" / "sensitive_words.json"


@dataclass(frozen=True)
class Hit:
    kind: str
    text: str
    start: int
    end: int
    masked: str
    note: str = ""
    location: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def moved(self, offset: int, location: str | None = None) -> Hit:
        """The same hit, its offsets shifted by `offset` (and its location set)."""
        return Hit(
            self.kind, self.text, self.start + offset, self.end + offset, self.masked, self.note,
            self.location if location is None else location,
        )


@dataclass(frozen=True)
class SensitiveWord:
    word: str
    correction: str = ""
    note: str = ""
    pattern: str = ""  # optional regular expression used instead of the plain word

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern or re.escape(self.word))


# --------------------------------------------------------------------------------------------------
# normalisation: full-width digits/letters and mask characters become ASCII, one character for one,
# so offsets stay valid.

_FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update({ord("Ｘ"): ord("X"), ord("ｘ"): ord("x"), ord("－"): ord("-"), ord("＋"): ord("+")})
_FULLWIDTH.update({ord(c): ord("*") for c in "＊●○×※■□★"})
_FULLWIDTH.update({ord("（"): ord("("), ord("）"): ord(")"), ord("\u3000"): ord(" "), ord("\u00a0"): ord(" ")})


def normalise(text: str) -> str:
    """Full-width digits, X, dash, parentheses and mask symbols to ASCII, same length."""
    return text.translate(_FULLWIDTH)


# --------------------------------------------------------------------------------------------------
# checksums

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _real_date(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2099:
        return False
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_valid_id_number(value: str) -> bool:
    """An 18-digit resident identity number: province code, real birth date, valid check character."""
    value = normalise(value).upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    if value[:2] not in PROVINCE_CODES:
        return False
    if not _real_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
        return False
    return id_check_digit(value[:17]) == value[17]


def is_valid_old_id_number(value: str) -> bool:
    """A 15-digit identity number (before 1999): province code and a real birth date 19yymmdd."""
    if not re.fullmatch(r"\d{15}", value) or value[:2] not in PROVINCE_CODES:
        return False
    return _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check of ISO/IEC 7812 used by bank cards."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_credit_code(value: str) -> bool:
    """A 统一社会信用代码 (GB 32100-2015) with a valid check character."""
    value = value.upper()
    if len(value) != 18 or any(c not in _CREDIT_CHARS for c in value):
        return False
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31] == value[17]


# --------------------------------------------------------------------------------------------------
# context words

SERIAL_LABELS = (
    "编号", "单号", "流水号", "批次", "批号", "序号", "订单", "合同号", "证号", "证书号", "索引号", "文号",
    "代码", "账单号", "案号", "工号", "学号", "准考证", "票号", "发票", "条码", "许可证", "登记号", "备案号",
)
PHONE_LABELS = ("电话", "手机", "联系方式", "联系号码", "号码", "tel", "Tel", "TEL", "致电", "拨打")
PUBLIC_PHONE_LABELS = (
    "监督电话", "咨询电话", "举报电话", "投诉电话", "办公电话", "值班电话", "服务热线", "热线", "受理电话",
    "传真", "公开电话", "信访电话",
)
BANK_LABELS = ("卡号", "账号", "银行", "账户", "帐号", "帐户", "存折", "社保卡")
INSTITUTION_ADDRESS_LABELS = ("办公地址", "办公地点", "受理地点", "办理地点", "服务地点", "单位地址", "窗口地址")


def _line_before(text: str, start: int, width: int = 14) -> str:
    begin = max(0, start - width)
    chunk = text[begin:start]
    cut = max(chunk.rfind("\n"), chunk.rfind("\t"))
    return chunk[cut + 1:] if cut >= 0 else chunk


def _nearest_label(context: str, groups: dict[str, Sequence[str]]) -> str | None:
    """Which group's label stands closest before the end of `context`."""
    best, best_pos = None, -1
    for name, labels in groups.items():
        for label in labels:
            pos = context.rfind(label)
            if pos >= 0 and pos + len(label) > best_pos:
                best, best_pos = name, pos + len(label)
    return best


# --------------------------------------------------------------------------------------------------
# masking proposals

def _mask_digits(token: str, keep_head: int, keep_tail: int) -> str:
    """Mask the digits of `token` except the first `keep_head` and last `keep_tail`; separators stay."""
    positions = [i for i, c in enumerate(token) if c.isalnum()]
    hide = set(positions[keep_head:len(positions) - keep_tail] if keep_tail else positions[keep_head:])
    return "".join(MASK if i in hide else c for i, c in enumerate(token))


def mask_name(name: str) -> str:
    """张三 → 张*, 张三丰 → 张*丰, 欧阳小明 → 欧**明."""
    if len(name) <= 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_id_number(raw: str) -> str:
    """430503199001011236 → 430503********1236 (separators stay); the 15-digit old form keeps its last 3."""
    digits = sum(c.isalnum() for c in raw)
    return _mask_digits(raw, 6, 3 if digits == 15 else 4)


def mask_mobile(raw: str) -> str:
    """13812345678 → 138****5678; +86 / 0086 and separators stay."""
    positions = [i for i, c in enumerate(raw) if c.isdigit()]
    prefix = len(positions) - 11
    hide = set(positions[prefix + 3:prefix + 7])
    return "".join(MASK if i in hide else c for i, c in enumerate(raw))


def mask_bank_card(raw: str) -> str:
    """6222021234567890128 → 6222***********0128."""
    return _mask_digits(raw, 4, 4)


_MASKERS = {NAME: mask_name, ID_NUMBER: mask_id_number, MOBILE: mask_mobile, BANK_CARD: mask_bank_card}


def public_mask(kind: str, text: str) -> str:
    """How a value of `kind` is shown to the public: the one masking of names, identity numbers, mobiles, bank
    cards (and, through the scanner, landlines and addresses, whose masking depends on where the number
    starts). The scanner's proposals, the public entries table, the bulletin and the reviewer's 按建议遮盖 all
    come from here, so a name is masked the same way wherever it appears."""
    masker = _MASKERS.get(kind)
    if masker is not None:
        return masker(text)
    hits = [h for h in scan_text(text, sensitive_words=()) if h.kind == kind]
    return apply_masks(text, hits) if hits else text


# --------------------------------------------------------------------------------------------------
# detectors

_ID18 = re.compile(r"(?<![0-9A-Za-z*])\d{17}[\dXx](?![0-9A-Za-z*])")
_ID_GROUPED = re.compile(r"(?<![0-9A-Za-z*])\d{6}([ -])\d{8}\1\d{3}[\dXx](?![0-9A-Za-z*])")
_ID15 = re.compile(r"(?<![0-9A-Za-z*])\d{15}(?![0-9A-Za-z*])")
_ID_MASKED = re.compile(r"(?<![0-9A-Za-z*])[\d*]{17}[\dXx*](?![0-9A-Za-z*])")
_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?P<s1>[- ]?)\d{4}(?P=s1)\d{4}(?!\d)")
_LANDLINE = re.compile(
    r"(?<![\d])(?:\((?P<p_area>0\d{2,3})\)\s?|(?P<area>0\d{2,3})(?P<sep>[- ]?))"
    r"(?P<number>[2-9]\d{6,7})"
    r"(?:(?:转|分机|-|ext\.?\s?)(?P<ext>\d{1,5}))?(?!\d)"
)
_CARD = re.compile(r"(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])")
_CN_NUM = "0-9一二三四五六七八九十百千零〇两"
_ADDRESS = re.compile(
    r"(?P<head>[\u4e00-\u9fa5A-Za-z0-9]{1,30}?(?:村|社区|小区|花园|新村|苑|路|街|大道|巷|弄|胡同))"
    r"(?P<tail>(?:[-—]?[" + _CN_NUM + r"]+(?:组|号楼|号院|号|栋|幢|单元|室|楼|层|户|排)){1,6})"
)
_ADDRESS_LEAD = re.compile(r"^(?:家住|现住|居住在|居住于|住在|户籍地|户籍在|住址|地址|住|在|系|位于)")
_ADDRESS_KEYWORDS = ("位于", "坐落于", "地址", "地点", "住址", "家住", "现住", "居住在", "居住于", "住在")
_AREA_3 = ("010", "020", "021", "022", "023", "024", "025", "026", "027", "028", "029")


def _id_hits(text: str, norm: str) -> list[Hit]:
    hits = []
    for m in _ID18.finditer(norm):
        value = m.group().upper()
        if is_valid_id_number(value):
            raw = text[m.start():m.end()]
            hits.append(Hit(ID_NUMBER, raw, m.start(), m.end(), mask_id_number(raw),
                            "居民身份证号码（校验位有效）：应隐去出生日期等中间8位"))
    for m in _ID_GROUPED.finditer(norm):
        if is_valid_id_number(re.sub(r"[ -]", "", m.group())):
            raw = text[m.start():m.end()]
            hits.append(Hit(ID_NUMBER, raw, m.start(), m.end(), mask_id_number(raw),
                            "居民身份证号码（校验位有效）：应隐去出生日期等中间8位"))
    for m in _ID15.finditer(norm):
        value = m.group()
        if is_valid_old_id_number(value) and _nearest_label(
                _line_before(norm, m.start()), {"serial": SERIAL_LABELS}) is None:
            raw = text[m.start():m.end()]
            hits.append(Hit(ID_NUMBER, raw, m.start(), m.end(), mask_id_number(raw),
                            "15位旧式居民身份证号码：应隐去出生日期"))
    for m in _ID_MASKED.finditer(norm):
        value = m.group()
        if "*" not in value:
            continue
        digits = sum(c.isdigit() for c in value)
        region_ok = value[:6].isdigit() and value[:2] in PROVINCE_CODES
        birth_visible = any(c.isdigit() for c in value[6:14])
        if region_ok and digits >= 10 and birth_visible:
            raw = text[m.start():m.end()]
            proposal = raw[:6] + MASK * 8 + "".join(c if c.isdigit() or c in "Xx" else MASK for c in raw[14:])
            hits.append(Hit(ID_NUMBER, raw, m.start(), m.end(), proposal,
                            "身份证号码遮蔽位置不当：出生日期仍可见，应保留前6位和后4位、隐去中间8位"))
    return hits


def _mobile_hits(text: str, norm: str) -> list[Hit]:
    hits = []
    for m in _MOBILE.finditer(norm):
        context = _line_before(norm, m.start())
        label = _nearest_label(context, {"serial": SERIAL_LABELS, "phone": PHONE_LABELS})
        if label == "serial":
            continue
        raw = text[m.start():m.end()]
        hits.append(Hit(MOBILE, raw, m.start(), m.end(), mask_mobile(raw), "手机号码：应隐去中间4位"))
    return hits


def _split_area(area: str, number: str, separated: bool) -> tuple[str, str] | None:
    """Area code and subscriber number, or None when they are no valid landline."""
    if not separated:
        full = area + number
        area, number = (full[:3], full[3:]) if full[:3] in _AREA_3 else (full[:4], full[4:])
    if area.startswith(("01", "02")) and area not in _AREA_3:
        return None
    if len(area) == 3 and area not in _AREA_3:
        return None
    if not (7 <= len(number) <= 8) or number[0] in "01":
        return None
    return area, number


def _landline_hits(text: str, norm: str) -> list[Hit]:
    hits = []
    for m in _LANDLINE.finditer(norm):
        separated = bool(m.group("p_area") or m.group("sep"))
        split = _split_area(m.group("p_area") or m.group("area"), m.group("number"), separated)
        if split is None:
            continue
        number = split[1]
        context = _line_before(norm, m.start())
        label = _nearest_label(context, {
            "serial": SERIAL_LABELS, "public": PUBLIC_PHONE_LABELS, "phone": PHONE_LABELS,
        })
        if label in ("serial", "public"):
            continue
        raw = text[m.start():m.end()]
        number_end = m.end("number") - m.start()
        number_start = number_end - len(number)
        proposal = raw[:number_start] + MASK * (len(number) - 4) + raw[number_end - 4:]
        hits.append(Hit(LANDLINE, raw, m.start(), m.end(), proposal,
                        "固定电话号码：应隐去号码中间数字（机关公开的办公电话可说明理由后保留）"))
    return hits


def _card_hits(text: str, norm: str) -> list[Hit]:
    hits = []
    for m in _CARD.finditer(norm):
        raw_norm = m.group()
        digits = re.sub(r"\D", "", raw_norm)
        if not 16 <= len(digits) <= 19 or not luhn_valid(digits):
            continue
        if digits[0] not in "345689":
            continue
        if len(digits) == 18 and (is_valid_id_number(digits) or is_credit_code(digits)):
            continue
        label = _nearest_label(_line_before(norm, m.start()), {
            "serial": SERIAL_LABELS, "bank": BANK_LABELS,
        })
        if label == "serial":
            continue
        raw = text[m.start():m.end()]
        hits.append(Hit(BANK_CARD, raw, m.start(), m.end(), mask_bank_card(raw),
                        "银行卡号（Luhn校验有效）：应只保留前4位和后4位"))
    return hits


_INSTITUTION_BEFORE_ADDRESS = re.compile(
    r"(?:政府|人大|政协|委员会|局|委|办公室|办事处|中心|法院|检察院|医院|卫生院|学校|小学|中学|幼儿园|公司|银行|"
    r"营业厅|窗口|大厅|服务站|派出所|司法所|财政所|站|馆)[)）]?[^。；;\n]{0,4}?[(（]?\s*(?:地址|地点|位于|坐落于)\s*[:：]?\s*$"
)


def _institution_address(norm: str, start: int) -> bool:
    """“大祥区民政局（地址：宝庆路12号）”: the address of a body, which 第二十条 makes public."""
    return bool(_INSTITUTION_BEFORE_ADDRESS.search(_line_before(norm, start, 30)))


def _address_hits(text: str, norm: str) -> list[Hit]:
    hits = []
    for m in _ADDRESS.finditer(norm):
        tail = m.group("tail")
        if not re.search(r"组|号|栋|幢|单元|室|户", tail):
            continue
        head = m.group("head")
        head_start = m.start("head")
        cut = max((head.rfind(k) + len(k) for k in _ADDRESS_KEYWORDS if k in head), default=0)
        if 0 < cut < len(head) - 1:  # “…办事处位于红旗路5号”: the address starts after 位于
            head, head_start = head[cut:], head_start + cut
        lead = _ADDRESS_LEAD.match(head)
        if lead and lead.end() < len(head) - 1:
            head_start += lead.end()
        if _nearest_label(_line_before(norm, head_start, 20), {"inst": INSTITUTION_ADDRESS_LABELS}):
            continue
        if _institution_address(norm, head_start):
            continue
        raw = text[head_start:m.end()]
        keep = m.start("tail") - head_start
        proposal = raw[:keep] + MASK * 3
        hits.append(Hit(ADDRESS, raw, head_start, m.end(), proposal,
                        "详细住址（含门牌号）：应只公开到村（社区）或道路"))
    return hits


# names ------------------------------------------------------------------------------------------

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝粟"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "长孙")
NOT_NAMES = frozenset({
    "姓名", "户主", "性别", "民族", "地址", "住址", "电话", "手机", "备注", "合计", "序号", "金额", "汉族",
    "身份证", "身份证号", "联系电话", "家庭住址", "低保", "城市", "农村", "单位", "家庭", "人口", "保障", "类别",
    "乡镇", "街道", "社区", "村组", "关系", "本人", "配偶", "子女", "之子", "之女", "卡号", "银行", "开户行",
    "常住", "户籍", "年龄", "出生", "日期", "原因", "情况", "标准", "人数", "元", "万元", "公示", "名单",
    "周岁", "高龄", "补贴", "救助", "特困", "残疾", "联系方式", "居住地址", "户籍地址", "发放", "明细",
    "大祥", "大祥区", "双清区", "北塔区", "邵阳", "邵阳市", "湖南", "湖南省", "城西", "城南", "城北", "城东",
    "申请人", "受益人", "经办人", "审核人", "负责人", "联系人", "领取人", "监护人", "代领人",
})
# a name is a cell of its own, or written straight before the number (“王小明430503…”, common in OCR text)
_NAME_CELL = re.compile(r"(?:(?<=[\s,，|、;；:：()\[\]【】])|^)([\u4e00-\u9fa5]{2,4})(?=[\s,，|、;；:：()\[\]【】0-9]|$)")
# after its label, a name ends where the text stops being Chinese or where the next label starts (姓名张三身份证号…)
_NEXT_LABEL = "身份证|证件|性别|电话|手机|联系|住址|地址|家庭|民族|年龄|出生|银行|卡号|账号"
_NAME_LABELLED = re.compile(r"(?:姓名|户主|户主姓名|申请人|本人)\s*[:：]?\s*([\u4e00-\u9fa5]{2,4}?)"
                            r"(?:(?![\u4e00-\u9fa5])|(?=" + _NEXT_LABEL + r"))")


def _looks_like_name(word: str) -> bool:
    if word in NOT_NAMES or len(word) < 2 or len(word) > 4 or "某" in word:
        return False
    if word.startswith(COMPOUND_SURNAMES) and len(word) >= 3:
        return True
    if word[0] not in SURNAMES:
        return False
    if re.search(r"(?:老师|主任|局长|书记|同志|先生|女士|科长|所长|站长|村长|组长|部长|县长|区长|镇长|乡长|经理|校长|院长|医生)$", word):
        return False
    # words made of administrative or table terms are no names
    return not re.search(r"[省市县区镇乡村组号路街室栋元户口证卡费款额金男女计]$", word)


def _name_hits(text: str, data_hits: list[Hit]) -> list[Hit]:
    """A name in the same line (table row) as personal data."""
    personal = [h for h in data_hits if h.kind in PERSONAL_KINDS and h.kind != NAME]
    if not personal:
        return []
    hits: list[Hit] = []
    seen: set[int] = set()
    for line_match in re.finditer(r"[^\n]+", text):
        line_start, line_end = line_match.span()
        in_line = [h for h in personal if line_start <= h.start < line_end]
        if not in_line:
            continue
        line = line_match.group()
        candidates = [(m.start(1), m.group(1)) for m in _NAME_LABELLED.finditer(line)]
        candidates += [(m.start(1), m.group(1)) for m in _NAME_CELL.finditer(line) if _looks_like_name(m.group(1))]
        for offset, name in candidates:
            start = line_start + offset
            if start in seen or "某" in name or any(h.start <= start < h.end for h in data_hits):
                continue
            seen.add(start)
            nearest = min(in_line, key=lambda h: abs(h.start - start))
            hits.append(Hit(NAME, name, start, start + len(name), mask_name(name),
                            f"{NAME_NOTE}：{name}与{KIND_LABELS[nearest.kind]}在同一行，公开时应遮蔽"))
    return hits


# sensitive words ----------------------------------------------------------------------------------

def load_sensitive_words(path: str | Path | None = None) -> tuple[SensitiveWord, ...]:
    """Read a word list: a JSON array of {"word", "correction"?, "note"?, "pattern"?} (or plain strings).

    `path` None → the list shipped with the application (data/sensitive_words.json)."""
    return _load_sensitive_words(str(path or DEFAULT_SENSITIVE_WORDS_PATH))


@lru_cache(maxsize=8)
def _load_sensitive_words(path: str) -> tuple[SensitiveWord, ...]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, dict):
        data = data.get("words", [])
    return tuple(coerce_sensitive_words(data))


def coerce_sensitive_words(items: Iterable[Any]) -> list[SensitiveWord]:
    words = []
    for item in items:
        if isinstance(item, SensitiveWord):
            words.append(item)
        elif isinstance(item, str):
            words.append(SensitiveWord(item))
        else:
            words.append(SensitiveWord(
                item["word"], item.get("correction", ""), item.get("note", ""), item.get("pattern", ""),
            ))
    for word in words:
        try:
            compiled = word.regex
        except re.error as exc:
            raise ValueError(f"敏感词“{word.word}”的正则表达式有误：{exc}")
        if compiled.groupindex:
            raise ValueError(f"敏感词“{word.word}”的正则表达式不能含命名分组 (?P<…>)")
    return words


@lru_cache(maxsize=32)
def _combined(words: tuple[SensitiveWord, ...]) -> re.Pattern[str] | None:
    """One pattern for the whole list (one pass over the text), group w<i> for word i."""
    if not words:
        return None
    return re.compile("|".join(f"(?P<w{i}>{w.pattern or re.escape(w.word)})" for i, w in enumerate(words)))


def _word_hits(text: str, words: Sequence[SensitiveWord]) -> list[Hit]:
    pattern = _combined(tuple(words))
    if pattern is None:
        return []
    hits = []
    for m in pattern.finditer(text):
        if not m.group():
            continue
        word = words[int((m.lastgroup or "w0")[1:])]
        if word.correction:
            note = f"{word.note or '表述不规范'}，建议改为“{word.correction}”"
            proposal = word.correction
        else:
            note = word.note or "敏感或禁用表述，请删除或改写"
            proposal = MASK * len(m.group())
        hits.append(Hit(SENSITIVE_WORD, m.group(), m.start(), m.end(), proposal, note))
    return hits


# --------------------------------------------------------------------------------------------------

def _without_overlaps(hits: Iterable[Hit]) -> list[Hit]:
    """Keep the first hit claiming a span (hits come in priority order)."""
    kept: list[Hit] = []
    for hit in hits:
        if any(hit.start < k.end and k.start < hit.end for k in kept):
            continue
        kept.append(hit)
    return kept


def scan_text(
    text: str, *, sensitive_words: Iterable[Any] | None = None, location: str = "",
) -> list[Hit]:
    """Every hit in `text`, ordered by position.

    `sensitive_words`: None → the shipped list; an empty sequence → no word check; otherwise
    SensitiveWord objects, dicts or strings."""
    if not text:
        return []
    words = load_sensitive_words() if sensitive_words is None else coerce_sensitive_words(sensitive_words)
    norm = normalise(text)
    data = _without_overlaps(
        _id_hits(text, norm) + _card_hits(text, norm) + _mobile_hits(text, norm)
        + _landline_hits(text, norm) + _address_hits(text, norm)
    )
    names = _name_hits(text, data)
    found = _without_overlaps(data + names + _word_hits(text, words))
    found.sort(key=lambda h: (h.start, h.end))
    if location:
        found = [h.moved(0, location) for h in found]
    return found


def mask_hit(text: str, hit: Hit) -> str:
    """`text` with the one `hit` replaced by its proposed masking."""
    if text[hit.start:hit.end] != hit.text:
        raise ValueError(f"文本在 {hit.start}–{hit.end} 处不是“{hit.text}”，无法遮蔽")
    return text[:hit.start] + hit.masked + text[hit.end:]


def apply_masks(text: str, hits: Iterable[Hit]) -> str:
    """`text` with every hit replaced (from the end, so offsets stay valid)."""
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        text = mask_hit(text, hit)
    return text


def masked(text: str, hits: Iterable[Hit] | None = None, *, sensitive_words: Iterable[Any] | None = None) -> str:
    """`text` with every hit (or the hits given) replaced by its proposed masking."""
    if hits is None:
        hits = scan_text(text, sensitive_words=sensitive_words)
    return apply_masks(text, hits)


# tables (明细) ----------------------------------------------------------------------------------------

# Headings of a column of people: every name in it is masked in every row, so that a list never shows 张三 in
# full beside 李* (a row without an identity number is no less a list of beneficiaries).
NAME_HEADINGS = (
    "姓名", "户主", "申请人", "受益人", "领取人", "监护人", "代领人", "家庭成员", "救助对象", "保障对象", "供养对象",
    "补贴对象", "资助对象", "被征收人", "承包人", "户名",
)
_NAME_TOKEN = re.compile(r"[\u4e00-\u9fa5·]{2,5}")


def is_name_heading(column: str) -> bool:
    """A column of people's names (户主姓名, 申请人, 家庭成员 …), by its heading."""
    return any(label in column for label in NAME_HEADINGS)


def mask_names(cell: str) -> str:
    """Every person's name in a cell of a column of names masked (张三、李四 → 张*、李*). Names already masked
    or written 张某某, and longer words (a company, a village) stay."""
    def one(m: re.Match[str]) -> str:
        word = m.group()
        if "某" in word or word in NOT_NAMES or len(word) > 4:
            return word
        return public_mask(NAME, word)
    return _NAME_TOKEN.sub(one, cell)


def row_line(columns: Sequence[str], cells: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """A table row as one line "列：值　列：值 …" (as a list reads), with each cell's span in it: the scanner
    judges each value by its label and its neighbours (the review's scan of 明细 and the public table alike)."""
    line, spans = "", []
    for column, cell in zip(columns, cells, strict=True):
        line += f"{column}："
        spans.append((len(line), len(line) + len(cell)))
        line += cell + "　"
    return line, spans


def mask_cells(line: str, spans: list[tuple[int, int]], cells: Sequence[str], hits: list[Hit]) -> list[str]:
    """The cells of a row read as `line` (`row_line`), the `hits` inside each cell replaced by their masking."""
    masked = list(cells)
    for index, (start, end) in enumerate(spans):
        inside = [h for h in hits if start <= h.start and h.end <= end]
        if inside:
            grown = sum(len(h.masked) - len(h.text) for h in inside)
            masked[index] = apply_masks(line, inside)[start:end + grown]
    return masked


def mask_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """A table as the public sees it (the portal's 具体内容, the printed bulletin, any export of them).

    Each row is read as one line (`row_line`), so that a school's office phone stays while a person's
    mobile, identity number, bank card or house address beside a name is masked. A column of names — by its
    heading (`NAME_HEADINGS`), or because a name was found in it beside personal data in any row — is masked
    in EVERY row, the same way (`public_mask`). Lists of beneficiaries (低保, 补贴, 救助) are therefore
    masked by default wherever entries are shown or printed."""
    name_columns = {i for i, column in enumerate(columns) if is_name_heading(column)}
    masked_rows = []
    for cells in rows:
        line, spans = row_line(columns, cells)
        hits = [h for h in scan_text(line, sensitive_words=()) if h.kind in PERSONAL_KINDS]
        name_columns |= {i for i, (start, end) in enumerate(spans)
                         if any(h.kind == NAME and start <= h.start < end for h in hits)}
        masked_rows.append(mask_cells(line, spans, cells, hits))
    for masked in masked_rows:
        for index in name_columns:
            masked[index] = mask_names(masked[index])
    return masked_rows


def mask_row(columns: Sequence[str], cells: Sequence[str]) -> list[str]:
    """One row of a table as the public sees it (`mask_table` of a table of one row)."""
    return mask_table(columns, [cells])[0]
