from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"

    def ready(self):
        from gongkai.core.signals import worker_starting
        from gongkai.publishing import jobs, services, signals

        worker_starting.connect(_recover_text_jobs, dispatch_uid="publishing.attachment_text")
        signals.attachment_text_wanted.connect(jobs.extract_attachment_text_queue,
                                               dispatch_uid="publishing.jobs.extract_attachment_text")
        signals.attachment_text_read.connect(services.record_scan_after_text_read_received,
                                             dispatch_uid="publishing.services.record_scan_after_text_read")


def _recover_text_jobs(**kwargs) -> tuple[str, int]:
    from gongkai.publishing.attachment_text import attachments_text_recover

    return "附件文字识别", attachments_text_recover()
