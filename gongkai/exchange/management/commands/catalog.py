"""`gongkai catalog …`: the national standard catalogs and catalog files in and out."""

from gongkai.exchange.cli import catalog_files, catalog_standard
from gongkai.exchange.cli.command import SubcommandCommand


class Command(SubcommandCommand):
    help = "国家标准目录与公开事项目录：载入、列出、导入、导出"
    name = "catalog"
    modules = [catalog_standard, catalog_files]
