"""Workflows about municipalities: the climate profile PDF (one or two pages), for one
municipality and, for the secretariat, all of them in one ZIP."""

import io
import zipfile

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from alliance.models import Job
from alliance.pdf import RenderedPdf, render_pdf
from alliance.services import enqueue_job, report_progress, store_document

from .models import Municipality, Organisation
from .panels import profile_sections_for

PROFILE_JOB = "municipality-profile"
PROFILES_JOB = "municipality-profiles"
SECRETARIAT = "Gate 21"  # the secretariat's organisation in the reference data: the ZIP's subject


def _profile_municipalities():
    return Municipality.objects.with_coordinators().select_related("organisation")


def render_profile(municipality: Municipality) -> tuple[str, RenderedPdf]:
    """The municipality's profile (from `_profile_municipalities`) and its title."""
    organisation = municipality.organisation
    context = {
        "municipality": municipality,
        "led_projects": list(organisation.led_vip_projects.all()),
        "vip_projects": list(organisation.vip_projects.select_related("continued_by")),
        "generated_at": timezone.now(),
        "sections": profile_sections_for(municipality),
    }
    title = _("Klimaprofil: %(name)s") % {"name": municipality.name}
    return title, render_pdf("municipalities/profile_pdf.html", context, title=title)


def build_municipality_profile(job: Job) -> None:
    municipality = _profile_municipalities().get(pk=job.subject_id)
    report_progress(job, 40, _("Danner PDF"))
    title, pdf = render_profile(municipality)
    report_progress(job, 90, _("Gemmer dokumentet"))
    store_document(job=job, subject=municipality, title=title, pdf=pdf)


def profile_file_name(municipality: Municipality) -> str:
    """ "klimaprofil-173-lyngby-taarbaek.pdf": Danish letters spelt out, as archives and mail
    clients keep them."""
    name = municipality.name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    return f"klimaprofil-{municipality.code}-{slugify(name)}.pdf"


def build_profiles_zip(job: Job | None = None) -> RenderedPdf:
    """Every municipality's profile, one PDF each named by code and name, in one ZIP (its page
    count: the pages of all the profiles)."""
    buffer, pages = io.BytesIO(), 0
    municipalities = list(_profile_municipalities().order_by("code"))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, municipality in enumerate(municipalities):
            if job:
                report_progress(job, 5 + 85 * n // len(municipalities), municipality.name)
            _title, pdf = render_profile(municipality)
            archive.writestr(profile_file_name(municipality), pdf.content)
            pages += pdf.page_count
    return RenderedPdf(buffer.getvalue(), pages)


def secretariat_organisation() -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=SECRETARIAT, defaults={"kind": Organisation.Kind.SECRETARIAT}
    )
    return organisation


def request_profiles(*, by) -> Job:
    return enqueue_job(kind=PROFILES_JOB, subject=secretariat_organisation(), requested_by=by)


def run_profiles_job(job: Job) -> None:
    bundle = build_profiles_zip(job)
    report_progress(job, 95, _("Gemmer klimaprofilerne"))
    with override("da"):
        title = _("Klimaprofiler for alle kommuner")
    store_document(
        job=job,
        subject=Organisation.objects.get(pk=job.subject_id),
        title=title,
        pdf=bundle,
        extension="zip",
    )
