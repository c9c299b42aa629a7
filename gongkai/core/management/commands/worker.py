"""`gongkai worker`: runs the background jobs the web nodes queue (OCR of scanned attachments, inspections …) from
the database queue (django-tasks' database backend), with this installation's defaults. Start any number, on any
machine that reaches the database and the file storage; each claims a job before it runs it, so no job runs twice
at once. As it starts, each apps' jobs left behind by a killed worker are queued again (`core.signals.worker_starting`)."""

from __future__ import annotations

from django.db import DatabaseError
from django_tasks_db.management.commands import db_worker

from gongkai.core.signals import worker_starting


class Command(db_worker.Command):
    help = ("运行后台任务（扫描件文字识别、监测检查等）：从数据库队列中取出任务逐个执行。可以在任意多台机器上"
            "同时运行任意多个；被中断的任务在下一个 worker 启动时重新排队。按 Ctrl+C 或发送 SIGTERM 时，"
            "执行完当前任务后退出。")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        chinese = {
            "queue_name": "处理哪些队列，逗号分隔；* 表示全部（默认：全部）",
            "exclude_queues": "不处理的队列，逗号分隔（与 --queue-name='*' 同用）",
            "interval": "队列为空时，每隔多少秒再查一次（默认：%(default)s）",
            "batch": "执行完当前排队的全部任务后退出（可与 --max-tasks 同用）",
            "reload": "代码改动后自动重启（仅供开发；默认：关）",
            "backend_name": "使用哪个任务后端（默认：%(default)s）",
            "startup_delay": "启动时不随机等待（多个 worker 同时启动时，随机等待可避免同时查询）",
            "max_tasks": "执行这么多个任务后退出（由 systemd 重新启动，可防止内存增长）",
            "worker_id": "worker 的标识，在所有 worker 中须唯一（默认：随机生成）",
        }
        for action in parser._actions:
            if action.dest in chinese:
                action.help = chinese[action.dest]
        parser.set_defaults(queue_name="*", interval=2.0, reload=False)
        parser.add_argument("--no-recover", action="store_false", dest="recover",
                            help="启动时不把中断的任务重新排队")

    def handle(self, *, recover: bool = True, **options) -> None:  # type: ignore[override]  # adds --no-recover
        if recover:
            self._recover(options.get("verbosity", 1))
        super().handle(**options)

    def _recover(self, verbosity: int) -> None:
        try:
            answers = worker_starting.send(sender=self.__class__)
        except DatabaseError as exc:  # the worker still runs; the next one recovers
            self.stderr.write(f"重新排队中断的任务时出错：{exc}")
            return
        for _receiver, answer in answers:
            label, count = answer if isinstance(answer, tuple) else ("", 0)
            if count and verbosity:
                self.stdout.write(f"已重新排队 {count} 个中断的任务：{label}")
