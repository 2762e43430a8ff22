"""受督察单位: a flag on departments, set from their kind and name (the 司法局 and the coordination
office are not inspected; departments of kind 其他 neither)."""

from django.db import migrations, models

NOT_INSPECTED_BY_DEFAULT = {"区司法局", "区委依法治区办"}


def set_inspectable(apps, schema_editor):
    Department = apps.get_model("plans", "Department")
    Department.objects.exclude(kind__in=["district", "subdistrict"]).update(inspectable=False)
    Department.objects.filter(name__in=NOT_INSPECTED_BY_DEFAULT).update(inspectable=False)


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_event_log")]

    operations = [
        migrations.AddField(
            model_name="department",
            name="inspectable",
            field=models.BooleanField(
                default=True,
                help_text="计入法治督察全覆盖的应督察单位（司法局本身和协调机构除外）。",
                verbose_name="受督察单位",
            ),
        ),
        migrations.AddField(
            model_name="historicaldepartment",
            name="inspectable",
            field=models.BooleanField(
                default=True,
                help_text="计入法治督察全覆盖的应督察单位（司法局本身和协调机构除外）。",
                verbose_name="受督察单位",
            ),
        ),
        migrations.RunPython(set_inspectable, migrations.RunPython.noop),
    ]
