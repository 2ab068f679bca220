"""Workflows about municipalities: the climate profile PDF (one or two pages)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import Job
from alliance.pdf import render_pdf
from alliance.services import report_progress, store_document

from .models import Municipality
from .panels import profile_sections_for

PROFILE_JOB = "municipality-profile"


def build_municipality_profile(job: Job) -> None:
    municipality = (
        Municipality.objects.with_coordinators()
        .select_related("organisation")
        .get(pk=job.subject_id)
    )
    report_progress(job, 10, _("Henter data"))
    organisation = municipality.organisation
    context = {
        "municipality": municipality,
        "led_projects": list(organisation.led_vip_projects.all()),
        "vip_projects": list(organisation.vip_projects.select_related("continued_by")),
        "generated_at": timezone.now(),
        "sections": profile_sections_for(municipality),
    }
    title = _("Klimaprofil: %(name)s") % {"name": municipality.name}
    report_progress(job, 40, _("Danner PDF"))
    pdf = render_pdf("municipalities/profile_pdf.html", context, title=title)
    report_progress(job, 90, _("Gemmer dokumentet"))
    store_document(job=job, subject=municipality, title=title, pdf=pdf)
