"""Background work of the governance app: Celery tasks (thin interfaces that call one service)
and the job kinds it hands to the job pipeline (see the registry in alliance/services.py)."""

from alliance.services import register_job_kind

from .models import ActivityPlan, Meeting
from .services import activityplan, meetings, packs

register_job_kind(packs.PACK_JOB, subject_model=Meeting, run=packs.run_pack_job)
register_job_kind(meetings.MINUTES_JOB, subject_model=Meeting, run=packs.run_minutes_job)
register_job_kind(
    activityplan.ACTIVITY_PLAN_JOB,
    subject_model=ActivityPlan,
    run=activityplan.run_activity_plan_job,
)
