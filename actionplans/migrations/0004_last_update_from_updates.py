"""An initiative's last update is its newest progress update (see Initiative.last_update_at).
Rows written before that rule (an update without the timestamp, a timestamp without an update)
are brought in line once; from here on post_progress_update and refresh_last_update keep them."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def last_update_from_updates(apps, schema_editor):
    Initiative = apps.get_model("actionplans", "Initiative")
    ProgressUpdate = apps.get_model("actionplans", "ProgressUpdate")
    newest = ProgressUpdate.objects.filter(initiative=OuterRef("pk")).order_by("-created_at")
    Initiative.objects.update(last_update_at=Subquery(newest.values("created_at")[:1]))


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0003_plausible_dates")]

    operations = [migrations.RunPython(last_update_from_updates, migrations.RunPython.noop)]
