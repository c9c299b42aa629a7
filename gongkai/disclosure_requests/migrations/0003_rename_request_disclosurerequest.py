"""`Request` becomes `DisclosureRequest` (it collided with Django's request in every view) and its `channel` becomes
`intake_channel` (the publication channels are another app). Table data is kept."""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure_requests", "0002_alter_requestevent_kind"),
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Request", new_name="DisclosureRequest"),
        migrations.RenameField(model_name="disclosurerequest", old_name="channel", new_name="intake_channel"),
        migrations.RenameIndex(model_name="disclosurerequest", new_name="disclosure__jurisdi_23e4fe_idx",
                               old_name="disclosure__jurisdi_09557a_idx"),
    ]
