"""The county's 办事一本通: every 办事指南 of a jurisdiction in one printable PDF (A4, 公文 fonts with the Noto
CJK fallback), by domain, each guide with all its elements. Rendered once per change of the guides and kept
in storage (`stored_files.handbook_file`)."""

from __future__ import annotations

import html
from itertools import groupby

from gongkai.exchange.pdf import html_to_pdf
from gongkai.guides.elements import GUIDE_ELEMENTS, OPTIONAL_ELEMENTS
from gongkai.guides.selectors import public_guides
from gongkai.organizations.models import Jurisdiction

PDF_TYPE = "application/pdf"

HANDBOOK_CSS = """
@page { size: A4; margin: 25mm 22mm 22mm 22mm;
        @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt; } }
h1 { text-align: center; font-size: 24pt; margin: 40mm 0 8mm 0; }
p.sub { text-align: center; font-size: 14pt; }
h2 { font-size: 16pt; border-bottom: 1pt solid #333; margin-top: 12mm; page-break-after: avoid; }
h3 { font-size: 13pt; margin: 8mm 0 2mm 0; page-break-after: avoid; }
table { margin-bottom: 4mm; page-break-inside: auto; }
th { width: 24mm; text-align: left; background: #f2f2f2; font-weight: bold; }
td { white-space: pre-wrap; }
.cover { page-break-after: always; }
.toc li { margin: 1mm 0; }
"""


def handbook_filename(jurisdiction: Jurisdiction) -> str:
    return f"{jurisdiction.name}办事一本通.pdf"


def handbook_html(jurisdiction: Jurisdiction) -> str:
    e = html.escape
    guides = list(public_guides(jurisdiction))
    parts = [f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(jurisdiction.name)}办事一本通'
             f"</title><style>{HANDBOOK_CSS}</style></head><body>",
             f'<section class="cover"><h1>{e(jurisdiction.name)}办事一本通</h1>'
             f'<p class="sub">共{len(guides)}项办事指南</p><ol class="toc">']
    for guide in guides:
        parts.append(f"<li>{e(guide.domain.name)} · {e(guide.name)}</li>")
    parts.append("</ol></section>")
    if not guides:
        parts.append("<p>本地区暂无已登记的办事指南。</p>")
    for domain_name, in_domain in groupby(guides, key=lambda g: g.domain.name):
        parts.append(f"<h2>{e(domain_name)}</h2>")
        for guide in in_domain:
            parts.append(f"<h3>{e(guide.name)}</h3><table>")
            rows = [(label, getattr(guide, field)) for field, label, _m in GUIDE_ELEMENTS[1:] + OPTIONAL_ELEMENTS]
            rows += [("实施主体", guide.unit.name), ("网办属性", guide.get_online_mode_display())]
            if guide.online_url:
                rows.append(("网上办理", guide.online_url))
            rows.append(("公开事项", guide.item_name))
            for label, value in rows:
                if value:
                    parts.append(f"<tr><th>{e(label)}</th><td>{e(str(value))}</td></tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def handbook_pdf(jurisdiction: Jurisdiction) -> bytes:
    return html_to_pdf(handbook_html(jurisdiction), gongwen=True)
