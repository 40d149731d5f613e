from django.db import migrations

from visits.data.templates import load_default_templates


def forwards(apps, schema_editor):
    load_default_templates(
        apps.get_model("visits", "QuestionnaireTemplate"), apps.get_model("rounds", "Topic")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_questionnaire_more"),
        ("rounds", "0003_initial_topics"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
