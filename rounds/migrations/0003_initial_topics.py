from django.db import migrations


def load_topics(apps, schema_editor):
    from rounds.data.topics import load_default_topics

    load_default_topics(apps.get_model("rounds", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("rounds", "0002_request_parts")]

    operations = [migrations.RunPython(load_topics, migrations.RunPython.noop)]
