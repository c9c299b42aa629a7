"""`gongkai worker` (core/management/commands/worker.py): the database queue of django-tasks with this installation's
defaults. The suite runs jobs with the immediate backend; here the database backend queues a real job on commit and
the worker's own loop runs it, in this process, for one batch."""

import io

import pytest
from django.core.management import call_command

from gongkai.publishing import services
from gongkai.publishing.models import Attachment, TextStatus
from tests.publishing.privacy_support import build_docx


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_an_upload_queues_its_text_job_and_the_worker_runs_it(publishing_world, tmp_path):
    from django_tasks_db.models import DBTaskResult

    world = publishing_world
    record = world.record()
    attachment = services.attachment_add(actor=world.officer, record=record, name="名单.docx",
                                         data=build_docx(tmp_path / "名单.docx").read_bytes())
    queued = DBTaskResult.objects.get()  # queued when the upload committed, not run
    assert queued.task_path == "gongkai.publishing.jobs.extract_attachment_text" and queued.args_kwargs["args"] == [
        attachment.pk]
    assert Attachment.objects.get(pk=attachment.pk).text_status == TextStatus.PENDING

    out = io.StringIO()
    call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker", verbosity=0, stdout=out)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.worker_ids == ["test-worker"]
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.DONE and attachment.text_data["segments"]
    assert record.privacy_findings.filter(kind="id_number").exists()  # the scan after reading


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_a_killed_job_is_queued_again_when_a_worker_starts(publishing_world, tmp_path, settings):
    from django_tasks_db.models import DBTaskResult

    world = publishing_world
    attachment = services.attachment_add(actor=world.officer, record=world.record(), name="名单.docx",
                                         data=build_docx(tmp_path / "名单.docx").read_bytes())
    DBTaskResult.objects.all().delete()  # the worker that took the job died with it: no job, the row 识别中
    Attachment.objects.filter(pk=attachment.pk).update(text_status=TextStatus.RUNNING)
    settings.GONGKAI_TEXT_STALL_MINUTES = -1  # already too long without progress
    out = io.StringIO()
    call_command("worker", "--batch", "--no-startup-delay", stdout=out)
    assert "已重新排队 1 个中断的任务：附件文字识别" in out.getvalue()
    assert Attachment.objects.get(pk=attachment.pk).text_status == TextStatus.DONE


@pytest.mark.usefixtures("database_queue")
def test_the_worker_speaks_chinese_and_takes_every_queue():
    from gongkai.core.management.commands.worker import Command

    parser = Command().create_parser("gongkai", "worker")
    assert "后台任务" in parser.description
    defaults = parser.parse_args([])
    assert defaults.queue_name == "*" and defaults.interval == 2.0 and defaults.reload is False
    assert "每隔多少秒" in parser.format_help()
