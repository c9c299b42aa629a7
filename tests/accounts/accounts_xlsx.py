"""Building account tables in memory for the import tests."""

import io

from openpyxl import Workbook

SEED_HEADER = ["单位名称", "“互联网+政务服务”一体化平台账号"]


def xlsx(rows, *, header=SEED_HEADER, title=True, sheet="账号") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    if title:  # like 附件一 of the district notice: a title above the table
        ws.append(["附件一"])
        ws.append(["涉及26个领域基层政务公开事项的单位及其账号"])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
