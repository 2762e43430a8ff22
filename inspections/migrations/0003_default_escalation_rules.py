"""The default rule table of 督办; administrators change it in the admin afterwards."""

from django.db import migrations

DEFAULT_RULES = [
    # (rung, condition, min_days, max_days, source_rung, note)
    ("reminder", "due_within", 7, None, "", "到期前7天提醒（即催办）"),
    ("blue", "overdue", 1, 15, "", "逾期1～15天"),
    ("yellow", "overdue", 16, 30, "", "逾期16～30天"),
    ("yellow", "reply_rejected", None, None, "", "督办单反馈被退回"),
    ("red", "overdue", 31, None, "", "逾期30天以上"),
    ("red", "unanswered", None, None, "yellow", "黄色督办单逾期未反馈"),
    ("listed", "unanswered", None, None, "red", "红色督办单逾期未反馈"),
    ("listed", "overdue", 61, None, "", "逾期60天以上"),
    ("interview", "listed_for", 30, None, "", "挂牌督办超过30天"),
    ("interview", "unit_notices", 2, None, "red", "责任单位一年内两次收到红色督办单"),
]


def load(apps, schema_editor):
    Rule = apps.get_model("inspections", "EscalationRule")
    for rung, condition, min_days, max_days, source_rung, note in DEFAULT_RULES:
        Rule.objects.create(
            rung=rung, condition=condition, min_days=min_days, max_days=max_days, source_rung=source_rung, note=note
        )


def unload(apps, schema_editor):
    apps.get_model("inspections", "EscalationRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_escalation")]

    operations = [migrations.RunPython(load, unload)]
