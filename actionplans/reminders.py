"""Freshness reminders: what coordinators are reminded of about stale initiatives and late
tasks, sent in the daily digest (actionplans.digest).

Cadence: nobody gets more than one reminder within `FreshnessPolicy.reminder_interval_days`; the
Reminder rows are the memory of what was sent, so the digest can run as often as it likes (a
re-run after a crash sends nothing twice). A municipality without an active coordinator is
reported to the secretariat instead, once per interval.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from municipalities.models import Coordinator, Municipality

from .models import FreshnessPolicy, Initiative, Reminder, Task, current_plan_condition

FINISHED = Initiative.FINISHED


@dataclass
class Items:
    """What one municipality should act on."""

    municipality: Municipality
    initiatives: list[Initiative] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


def overdue_items(*, now: datetime, rules: FreshnessPolicy) -> dict[int, Items]:
    """Overdue initiatives (stale or never updated) and late tasks of each municipality's current
    plan, by municipality id. Finished (completed or cancelled) initiatives and their tasks ask for
    nothing."""
    stale = (
        Initiative.objects.in_current_plans()
        .overdue(rules, now)
        .select_related("plan__municipality")
        .needing_update_first()
    )
    late = (
        Task.objects.late(timezone.localdate(now))
        .filter(current_plan_condition("initiative__plan"))
        .exclude(initiative__status__in=FINISHED)
        .select_related("initiative__plan__municipality")
        .order_by("due_date", "title__lower")
    )
    items: dict[int, Items] = {}
    for initiative in stale:
        municipality = initiative.plan.municipality
        items.setdefault(municipality.pk, Items(municipality)).initiatives.append(initiative)
    for task in late:
        municipality = task.initiative.plan.municipality
        items.setdefault(municipality.pk, Items(municipality)).tasks.append(task)
    return items


def pending_reminders(*, now: datetime) -> list[tuple[object, str, list[Items]]]:
    """(user or None for the secretariat, e-mail, the municipalities' items) of everyone due a
    reminder now under the cadence; the daily digest (actionplans.digest) sends them."""
    rules = FreshnessPolicy.current()
    since = rules.reminder_window_start(now)
    items = overdue_items(now=now, rules=rules)
    if not items:
        return []
    coordinators = Coordinator.objects.filter(
        is_active=True, user__is_active=True, municipality_id__in=items
    ).select_related("user")
    # A person who coordinates several municipalities gets one e-mail about all of them.
    per_person: dict = defaultdict(list)
    for coordinator in coordinators:
        per_person[coordinator.user].append(items[coordinator.municipality_id])
    # Only freshness reminders (no topic) count here: a deadline reminder from another app does
    # not stand in for this one.
    freshness = Reminder.objects.filter(sent_at__gte=since, topic="")
    recently_reminded = set(
        freshness.filter(recipient__isnull=False).values_list("recipient_id", flat=True)
    )
    secretariat_recently = set(
        freshness.filter(recipient__isnull=True).values_list("municipality_id", flat=True)
    )
    pending = [
        (user, user.email, groups)
        for user, groups in per_person.items()
        if user.pk not in recently_reminded
    ]
    covered = {c.municipality_id for c in coordinators}
    for municipality_id, group in items.items():
        if municipality_id not in covered and municipality_id not in secretariat_recently:
            pending.append((None, settings.SECRETARIAT_EMAIL, [group]))
    return pending
