from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "gongkai.consultations"
    label = "consultations"
    verbose_name = "征求意见"

    def ready(self) -> None:
        # The consultations' monitoring rules join every inspection (oversight.registry / oversight.collect).
        from gongkai.consultations import monitoring  # noqa: F401
