"""Background work of the municipalities app: the job kinds it hands to the job pipeline (see the
registry in alliance/services.py)."""

from alliance.services import register_job_kind

from . import services
from .models import Municipality, Organisation

# Whoever may see the municipality may download every version of its profile.
register_job_kind(
    services.PROFILE_JOB,
    subject_model=Municipality,
    run=services.build_municipality_profile,
    visible_with_subject=True,
)
# All the profiles in one ZIP, the secretariat's (its subject is the secretariat's organisation,
# which every role holder sees: so not visible with the subject; no version is ever approved).
register_job_kind(services.PROFILES_JOB, subject_model=Organisation, run=services.run_profiles_job)
