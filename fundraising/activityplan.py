"""The activity plan (governance) meets the alliance's financing (here): the contributions are the
defaults of a new plan's budget frame, and the plans' spending is shown against the contributions
on the finances page. Governance cannot import fundraising, so fundraising plugs into it."""

from decimal import Decimal

from alliance import policy
from governance.models import ActivityPlan
from governance.services import activityplan

from .finances import Spending, register_spending
from .models import Contribution


@activityplan.register_frame_source
def contributions_for_year(year: int) -> list[activityplan.FrameDefault]:
    """Each partner's contribution year that begins in the plan's year (contribution years run
    from 1 July; the plan is a calendar year, so its frame is the contribution that starts in it)."""
    contributions = Contribution.objects.filter(starts_on__year=year).select_related("organisation")
    return [
        activityplan.FrameDefault(
            partner=c.organisation,
            staff_years=c.staff_years or Decimal(0),
            dkk=c.amount or Decimal(0),
            note=c.note[:300],
        )
        for c in contributions.order_by("organisation__name")
    ]


@register_spending
def activity_plan_spending(user) -> dict[int, Spending]:
    """The planned staff years and kroner of the plans this user may see, per plan year."""
    plans = policy.visible(user, ActivityPlan)
    return {
        year: Spending(staff_years=years, amount=dkk)
        for year, (years, dkk) in activityplan.spending_by_year(plans).items()
    }
