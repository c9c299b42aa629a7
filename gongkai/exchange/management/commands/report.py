"""`gongkai report …`: the 政府信息公开工作年度报告 — its tables (`annual`) and past reports in (`import`)."""

from gongkai.exchange.cli import annual_reports
from gongkai.exchange.cli.command import SubcommandCommand


class Command(SubcommandCommand):
    help = "政府信息公开工作年度报告：输出统计表、导入既往报告"
    name = "report"
    modules = [annual_reports]
