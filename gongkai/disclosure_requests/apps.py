from django.apps import AppConfig


class DisclosureRequestsConfig(AppConfig):
    name = "gongkai.disclosure_requests"
    label = "disclosure_requests"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.calendars.signals import calendar_changed

        calendar_changed.connect(_recompute_deadlines, dispatch_uid="disclosure_requests.recompute_deadlines")


def _recompute_deadlines(sender, years, **kwargs):
    """A calendar change (a year loaded, a day corrected) recomputes every open request's due date."""
    from gongkai.disclosure_requests.services import requests_recompute_deadlines

    requests_recompute_deadlines()
