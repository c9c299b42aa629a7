from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        # The monitoring rules of messages and of responses to public concern, with the collectors of their facts.
        from gongkai.interaction import collect  # noqa: F401
