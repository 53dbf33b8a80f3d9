"""The database cache's table, for deployments without Redis (sign-in limits live there).

`createcachetable` makes a table only for caches configured with the database backend, and
only once, so this is safe whatever the settings: with Redis or a local cache it does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("users", "0002_user_full_name_user_licence_number_user_profession")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
