"""Reply-letter templates belong to a jurisdiction (issue 9).

Existing rows were global: one office's edit applied to every jurisdiction. They become the rows of the top
jurisdiction (each root of the tree gets the row; a copy for each further root), so that every letter reads as
it did the day before, while the text now has an owner — the top office, which may edit it or revert it to the
shipped default through the audited screen. Left without a jurisdiction they would have become the
installation's default, which no office may edit and the system administrator may not either (三员分立: no
content rights): an office's old edit nobody could maintain. With no jurisdiction loaded, rows stay the
installation's default."""

from django.db import migrations, models


def to_top_jurisdictions(apps, schema_editor):
    ReplyTemplate = apps.get_model("disclosure_requests", "ReplyTemplate")
    Jurisdiction = apps.get_model("organizations", "Jurisdiction")
    roots = list(Jurisdiction.objects.filter(parent__isnull=True).order_by("code"))
    if not roots:
        return
    for row in ReplyTemplate.objects.filter(jurisdiction__isnull=True):
        for root in roots[1:]:
            ReplyTemplate.objects.create(jurisdiction=root, reply_type=row.reply_type, title=row.title, body=row.body,
                                         updated_by_id=row.updated_by_id)
        row.jurisdiction = roots[0]
        row.save(update_fields=["jurisdiction"])


def back_to_global(apps, schema_editor):
    """One row per reply type again: the installation's own, else the top jurisdiction's; overrides below go."""
    ReplyTemplate = apps.get_model("disclosure_requests", "ReplyTemplate")
    kept = set()
    for row in ReplyTemplate.objects.order_by("reply_type", models.F("jurisdiction__path").asc(nulls_first=True)):
        if row.reply_type in kept or (row.jurisdiction_id is not None and row.jurisdiction.parent_id is not None):
            row.delete()
            continue
        kept.add(row.reply_type)
        row.jurisdiction = None
        row.save(update_fields=["jurisdiction"])


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure_requests", "0007_reply_template_jurisdiction"),
    ]

    operations = [
        migrations.RunPython(to_top_jurisdictions, back_to_global),
    ]
