from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"

    def ready(self):
        from gongkai.core.signals import worker_starting

        worker_starting.connect(_recover_text_jobs, dispatch_uid="publishing.attachment_text")


def _recover_text_jobs(**kwargs) -> tuple[str, int]:
    from gongkai.publishing.attachment_text import attachments_text_recover

    return "附件文字识别", attachments_text_recover()
