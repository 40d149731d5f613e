from django.db import migrations


def load_member_states(apps, schema_editor):
    from accounts.data.countries import MEMBER_STATES

    Country = apps.get_model("accounts", "Country")
    for code, es, en, pt, fr in MEMBER_STATES:
        Country.objects.update_or_create(
            code=code, defaults={"name_es": es, "name_en": en, "name_pt": pt, "name_fr": fr}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load_member_states, migrations.RunPython.noop)]
