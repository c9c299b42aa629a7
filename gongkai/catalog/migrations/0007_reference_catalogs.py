"""Reference catalogs in general (a city's for its counties, as a township's for its villages), and which
reference version a catalog version was taken from."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_source_lists"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="catalog", name="one_catalog_per_jurisdiction_tier"),
        migrations.RenameField(model_name="catalog", old_name="is_village_reference", new_name="is_reference"),
        migrations.AlterField(
            model_name="catalog", name="is_reference",
            field=models.BooleanField(default=False, verbose_name="参考目录"),
        ),
        migrations.AddConstraint(
            model_name="catalog",
            constraint=models.UniqueConstraint(fields=("jurisdiction", "tier", "is_reference"),
                                               name="one_catalog_per_jurisdiction_tier"),
        ),
        migrations.AddField(
            model_name="catalogversion", name="reference_version",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="adoptions", to="catalog.catalogversion",
                                    verbose_name="采用的参考目录版本"),
        ),
    ]
