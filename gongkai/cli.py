"""The `gongkai` console command: Django's management commands under one name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.local")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    argv = sys.argv[:]
    argv[0] = "gongkai"
    if len(argv) == 1 or argv[1] in {"-h", "--help"}:
        argv = [argv[0], "help"]
    try:
        execute_from_command_line(argv)
    except (OperationalError, ProgrammingError) as exc:
        # A database that was never migrated (or not reachable) is the usual first stumble: say what to do.
        text = str(exc)
        if "no such table" in text or "does not exist" in text or "could not connect" in text.lower():
            sys.stderr.write(
                f"数据库尚未初始化或无法连接（{text.splitlines()[0]}）。\n"
                "请先运行 gongkai migrate（make run 会自动完成），并检查 DATABASE_URL 设置。\n"
            )
            sys.exit(2)
        raise


if __name__ == "__main__":
    main()
