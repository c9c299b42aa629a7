"""The generated 政府信息公开指南 (《条例》第十二条): its sections, channels, fees read from the fee rules, remedies."""

from gongkai.columns import guide_text
from gongkai.columns.guide_text import Contact, GuideFacts
from gongkai.disclosure_requests import fees

FACTS = GuideFacts(
    jurisdiction="大祥区",
    office=Contact(name="大祥区政务公开办", address="城南路1号", phone="0739-5555555", office_hours="工作日 8:30—17:30",
                   email="gkb@example.gov.cn"),
    units=[Contact(name="大祥区政务公开办", address="城南路1号", phone="0739-5555555"),
           Contact(name="大祥区教育局", phone="0739-5666666"), Contact(name="大祥区民政局")],
    request_url="/j/430503000000/requests/new/", catalog_url="/j/430503000000/catalog/",
    reports_url="/j/430503000000/reports/",
)


def test_guide_names_the_office_the_three_request_channels_and_the_links():
    """第十二条: the guide states the office's name, address, hours, phone and mailbox, and how to ask."""
    text = guide_text.guide_text(FACTS)
    for part in ("大祥区政务公开办", "城南路1号", "0739-5555555", "工作日 8:30—17:30", "gkb@example.gov.cn",
                 "网上申请", "/j/430503000000/requests/new/", "信函申请：将申请书邮寄至城南路1号", "当面申请",
                 "/j/430503000000/catalog/", "/j/430503000000/reports/", "行政复议", "行政诉讼", "第五十一条"):
        assert part in text, part


def test_unit_contacts_list_only_units_with_details():
    text = guide_text.guide_text(FACTS)
    assert "大祥区教育局：联系电话：0739-5666666。" in text
    assert "大祥区民政局：" not in text


def test_fees_follow_the_fee_rules_109():
    """109号 第四条、第五条: the guide's amounts are the request module's."""
    text = guide_text.fee_paragraph()
    assert f"11—30件的部分，每件{fees.item_price(11)}元" in text
    assert f"31—100页的部分，每页{fees.page_price(31)}元" in text
    assert f"201页以上的部分，每页{fees.page_price(201)}元" in text
    assert "不得同时使用" in text


def test_without_an_office_the_guide_still_reads():
    text = guide_text.guide_text(GuideFacts(jurisdiction="某村", office=None, request_url="/r/", catalog_url="/c/",
                                            reports_url="/a/"))
    assert "某村政务公开工作机构" in text and "各单位联系方式请向" in text


def test_blocks_make_headings_of_section_lines_and_paragraphs_of_the_rest():
    blocks = guide_text.blocks("一、总则\n\n（一）范围\n\n第一段\n第二行\n\n\n（二）这是一句很长的以括号数字开头的段落，超过三十个字，所以它是正文段落而不是小标题。")
    assert [b.kind for b in blocks] == ["h2", "h3", "p", "p"]
    assert blocks[2].text == "第一段\n第二行"


def test_generated_guide_parses_into_its_six_sections():
    headings = [b.text for b in guide_text.blocks(guide_text.guide_text(FACTS)) if b.kind == "h2"]
    assert headings == ["一、政府信息公开工作机构", "二、主动公开", "三、依申请公开", "四、各单位联系方式", "五、监督和救济",
                        "六、政府信息公开工作年度报告"]
