"""Measurements `bin/bench` makes inside Django, each printed as one JSON object:

bench_probe pages              the pages to load-test (label, role, path, whether a list)
bench_probe queries            SQL queries per page (test client, second request)
bench_probe pdf report|pack|factsheets
                               one PDF built in this process: seconds and peak memory
bench_probe enqueue-report     the status-report job through the broker and the workers
                               started by bin/bench, timed until its row is done
"""

import copy
import json
import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.accounts import log_in_with_second_factor
from alliance.models import User
from governance.models import Meeting
from governance.services.packs import build_pack_pdf, pack_snapshot
from reports.content import report_data
from reports.factsheets import build_factsheets
from reports.models import StatusReport
from reports.pdf import build_single_process
from reports.services import request_report

from .seed_bench import PACK_MEETING_TITLE

LOGINS = {
    "secretariat": "sekretariat@demo.invalid",
    "coordinator": "koordinator@demo.invalid",
    "member": "medlem@demo.invalid",
}
# The same filter on our list and on the admin changelist (25 rows a page on both).
FILTER = "sector=transport&status=in_progress"
ADMIN_FILTER = "sector__exact=transport&status__exact=in_progress"


def pages() -> list[dict]:
    meeting = (
        Meeting.objects.filter(body__slug="politisk-styregruppe", packs__version__isnull=False)
        .exclude(title=PACK_MEETING_TITLE)
        .order_by("-starts_at")
        .first()
    )
    rows = [
        ("dashboard (secretariat's home)", "secretariat", "/", True),
        ("home (coordinator)", "coordinator", "/", False),
        ("home (member)", "member", "/", False),
        ("municipality", "secretariat", "/kommuner/101/", False),
        ("initiative list", "secretariat", f"/klimaplaner/indsatser/?{FILTER}", True),
        ("region overview", "secretariat", "/klimaplaner/region/", False),
        ("scorecard", "secretariat", "/klimaplaner/region/scorecard/", True),
        ("region roll-up", "secretariat", "/klimaplaner/region/maal/", False),
        (
            "comparison of 3",
            "secretariat",
            "/klimaplaner/region/sammenlign/?kommune=101&kommune=147&kommune=151",
            False,
        ),
        ("network", "secretariat", "/netvaerk/transport/", False),
        ("meeting", "member", meeting.get_absolute_url(), False),
        ("library search", "secretariat", "/netvaerk/bibliotek/?q=klima", True),
        ("bare view", "", "/sundhed/", False),
        (
            "admin changelist",
            "secretariat",
            f"/admin/actionplans/initiative/?{ADMIN_FILTER}",
            False,
        ),
    ]
    return [dict(zip(("label", "role", "path", "is_list"), row, strict=True)) for row in rows]


def count_queries() -> dict[str, int]:
    counts = {}
    for page in pages():
        client = Client(SERVER_NAME="127.0.0.1")
        if page["role"]:
            log_in_with_second_factor(client, User.objects.get(email=LOGINS[page["role"]]))
        client.get(page["path"], follow=True)  # warm caches (content types, policy)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"], follow=True)
        # The page itself (the member's home redirects to their bodies), never a login step.
        landed = response.redirect_chain[-1][0] if response.redirect_chain else page["path"]
        if response.status_code != 200 or landed.startswith("/konto/"):
            raise RuntimeError(f"{page['path']} answered {response.status_code} at {landed}")
        counts[page["label"]] = len(queries)
    return counts


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def build_pdf(what: str) -> dict:
    report = StatusReport.objects.select_related("round").get()
    if what == "report":
        data = report_data(report)
        started = time.perf_counter()
        pdf = build_single_process(data)
        return {"seconds": time.perf_counter() - started, "pages": pdf.page_count}
    if what == "report-rebuild":
        # The sections laid out once (kept by content hash), then one municipality's data changed:
        # the rebuild lays out that municipality's section, the front matter and the assembly.
        data = report_data(report)
        build_single_process(data)
        # What a coordinator changes between two builds: an initiative's status and its last
        # update (not the municipality's name, which would also change the contents).
        changed = copy.deepcopy(data)
        initiative = changed["snapshot"]["municipalities"][0]["initiatives"][0]
        initiative["status"] = "completed" if initiative["status"] != "completed" else "on_hold"
        initiative["last_update"] = changed["generated_at"][:10]
        started = time.perf_counter()
        pdf = build_single_process(changed)
        return {"seconds": time.perf_counter() - started, "pages": pdf.page_count}
    if what == "pack":
        meeting = Meeting.objects.get(title=PACK_MEETING_TITLE)
        started = time.perf_counter()
        pdf = build_pack_pdf(meeting, pack_snapshot(meeting))
        return {"seconds": time.perf_counter() - started, "pages": pdf.page_count}
    started = time.perf_counter()
    archive = build_factsheets(report.round)
    return {
        "seconds": time.perf_counter() - started,
        "pages": archive.page_count,
        "bytes": len(archive.content),
    }


def run_report_job(timeout: float = 900) -> dict:
    report = StatusReport.objects.get()
    by = User.objects.get(email=LOGINS["secretariat"])
    started = time.perf_counter()
    job = request_report(report=report, by=by)
    while time.perf_counter() - started < timeout:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.1)
    return {"seconds": time.perf_counter() - started, "state": job.state, "error": job.error}


class Command(BaseCommand):
    help = "Measurements for bin/bench (JSON on stdout)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["pages", "queries", "pdf", "enqueue-report"])
        parser.add_argument(
            "kind", nargs="?", choices=["report", "report-rebuild", "pack", "factsheets"]
        )

    def handle(self, *args, what: str, kind: str | None, **options):
        if what == "pages":
            result = pages()
        elif what == "queries":
            result = count_queries()
        elif what == "pdf":
            result = {**build_pdf(kind), "peak_mb": peak_mb()}
        else:
            result = run_report_job()
        self.stdout.write(json.dumps(result))
