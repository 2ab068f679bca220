"""Reading networks' data for pages."""

from datetime import datetime

from django.db.models import Min

from .models import Activity


def next_activity_start(now: datetime) -> datetime | None:
    """The next moment an activity starts: it moves from a network's coming activities to its
    past ones without any write. alliance/fragments.py lets no cached entry outlive it."""
    return Activity.objects.filter(starts_at__gt=now).aggregate(next=Min("starts_at"))["next"]
