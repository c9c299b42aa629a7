"""Load the shipped table of special days (2004 onwards, from the State Council notices) so that a new
installation counts working days correctly from the start. Idempotent; later years are added by an
administrator or by `calendars.services.calendar_seed`."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.calendars.seed import read_seed

    SpecialDay = apps.get_model("calendars", "SpecialDay")
    CalendarYear = apps.get_model("calendars", "CalendarYear")
    data = read_seed()
    existing = set(SpecialDay.objects.values_list("date", flat=True))
    SpecialDay.objects.bulk_create(
        [
            SpecialDay(date=d.date, kind=str(d.kind), name=d.name, year=d.year, source_notice=d.source)
            for d in data.special_days
            if d.date not in existing
        ],
        batch_size=500,
    )
    for year, source in data.years.items():
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True, "source_notice": source})


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
