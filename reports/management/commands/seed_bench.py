"""The benchmark data set (`make bench`): the demo data, topped up in bulk to 150 initiatives per
municipality with 12 progress updates each, milestones, indicators with ten years of values, and
a published pack for every meeting of the year; `--municipalities 98` adds 69 invented
"Benchkommune" municipalities (national scale). Run it on an empty, migrated database with the
reference data loaded; `bin/bench` does all of that.

Bench rows are written with bulk_create, so they have no simple_history rows: none of the
benchmarked pages reads history."""

import hashlib
import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min
from django.utils import timezone
from weasyprint import HTML

from actionplans.demo import INDICATOR_YEARS, NOTES, THEMES
from actionplans.models import (
    CapfAssessment,
    CapfElement,
    EmissionRecord,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
    ProgressUpdate,
    Sector,
    Task,
    Theme,
)
from alliance.models import User
from alliance.services import enqueue_job
from governance.models import AgendaAttachment, AgendaItem, Body, Meeting
from governance.services.packs import PACK_JOB, publish_pack
from municipalities.models import Municipality, Organisation
from reports.models import ReportingRound
from reports.services import close_round, open_round

INITIATIVES = 150
UPDATES = 12
TASKS = 3
INDICATORS = 8
# No real municipality has these codes (the real ones run 101-860 with gaps); the database
# only accepts 101-860.
BENCH_CODES = [*range(102, 147), *range(672, 706)]
PACK_MEETING_TITLE = "Benchmøde med 300 bilagssider (bench)"
PACK_ATTACHMENT_PAGES = 300
SECRETARIAT = "sekretariat@demo.invalid"
# The invented municipalities' emissions (the demo data writes none onto the real ones).
EMITTING_SECTORS = [Sector.ENERGY, Sector.TRANSPORT, Sector.CONSUMPTION, Sector.AGRICULTURE]
EMISSION_YEARS = range(2010, 2024)
BATCH = 5000
# Bench emission accounts (invented, in the bench database only; the demo data writes none).
EMITTING_SECTORS = [Sector.ENERGY, Sector.TRANSPORT, Sector.CONSUMPTION, Sector.AGRICULTURE]
EMISSION_YEARS = range(2010, 2024)


class Command(BaseCommand):
    help = "Create the benchmark data set (demo data plus bulk volume); for bin/bench only."

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=29, choices=[29, 98])
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, municipalities: int, seed: int, **options):
        if Plan.objects.exists():
            raise CommandError("seed_bench needs a database with only the reference data.")
        rng = random.Random(seed)
        call_command("seed_demo", force=True, stdout=self.stdout)
        secretariat = User.objects.get(email=SECRETARIAT)
        # The same login measures the Django admin changelist.
        User.objects.filter(pk=secretariat.pk).update(is_staff=True, is_superuser=True)
        self.add_municipalities(rng, municipalities - Municipality.objects.count())
        themes = list(Theme.objects.filter(slug__in=THEMES))
        for municipality in Municipality.objects.order_by("code"):
            self.add_initiatives(rng, municipality, themes)
        self.add_updates(rng)
        self.add_indicators(rng)
        packs = self.add_packs(secretariat)
        self.close_last_round(secretariat)
        self.stdout.write(
            f"bench: {Municipality.objects.count()} municipalities, "
            f"{Initiative.objects.count()} initiatives, {ProgressUpdate.objects.count()} updates, "
            f"{Task.objects.count()} tasks, {IndicatorValue.objects.count()} indicator values, "
            f"{packs} meeting packs"
        )

    def add_municipalities(self, rng: random.Random, count: int) -> None:
        """Invented municipalities, each with an adopted plan and emissions."""
        today = timezone.localdate()
        for number, code in enumerate(BENCH_CODES[:count], start=1):
            name = f"Benchkommune {number}"
            organisation = Organisation.objects.create(
                name=name, kind=Organisation.Kind.MUNICIPALITY, source="bench data (invented)"
            )
            municipality = Municipality.objects.create(
                code=code, name=name, official_name=f"{name} (bench)", organisation=organisation
            )
            baseline = Decimal(round(rng.uniform(150_000, 400_000), -2))
            plan = Plan.objects.create(
                municipality=municipality,
                title=f"DK2020-klimaplan for {name} (bench)",
                status=Plan.Status.ADOPTED,
                adopted_on=today - timedelta(days=rng.randint(200, 1500)),
                reduction_target_2030=Decimal(70),
                net_zero_year=2045,
                baseline_year=1990,
                baseline_emissions=baseline,
            )
            CapfAssessment.objects.bulk_create(
                CapfAssessment(plan=plan, element=e, state=CapfAssessment.State.MET)
                for e in CapfElement
            )
            EmissionRecord.objects.bulk_create(
                EmissionRecord(
                    municipality=municipality,
                    year=year,
                    sector=sector,
                    tonnes=Decimal(round(float(baseline) * 0.2 * 0.97 ** (year - 2010), -1)),
                )
                for sector in EMITTING_SECTORS
                for year in EMISSION_YEARS
            )

    def add_initiatives(self, rng: random.Random, municipality: Municipality, themes) -> None:
        """Top the municipality's current plan up to INITIATIVES, each with TASKS milestones."""
        plan = Plan.objects.current().get(municipality=municipality)
        missing = INITIATIVES - plan.initiatives.count()
        now, today = timezone.now(), timezone.localdate()
        statuses = list(Initiative.Status)
        rows = []
        for number in range(missing):
            theme = rng.choice(themes)
            sector, templates = THEMES[theme.slug]
            template = rng.choice(templates)
            template, sector = template if isinstance(template, tuple) else (template, sector)
            status = rng.choice(statuses)
            percent = {"not_started": 0, "completed": 100}.get(status, 5 * rng.randint(1, 19))
            start = rng.randint(2019, 2026)
            rows.append(
                Initiative(
                    plan=plan,
                    title=f"{template.format(kommune=municipality.name)} (bench {number + 1})",
                    description=f"Benchdata: en opdigtet indsats i {municipality.name}.",
                    sector=sector,
                    status=status,
                    phase=rng.choice(list(Initiative.Phase)),
                    percent_done=percent,
                    expected_reduction=Decimal(rng.randint(10, 3000)),
                    start_year=start,
                    end_year=start + rng.randint(1, 6),
                    responsible_unit="Klimasekretariatet",
                    created_at=now - timedelta(days=rng.randint(400, 1400)),
                    # Spread over a year, so freshness takes all four values.
                    last_update_at=now - timedelta(days=rng.randint(1, 365)),
                )
            )
            rows[-1].bench_theme = theme
        created = Initiative.objects.bulk_create(rows)
        Initiative.themes.through.objects.bulk_create(
            Initiative.themes.through(initiative_id=i.pk, theme_id=i.bench_theme.pk)
            for i in created
        )
        Task.objects.bulk_create(
            (
                Task(
                    initiative=initiative,
                    title=f"Milepæl {n} (bench)",
                    due_date=today + timedelta(days=rng.randint(-300, 500)),
                    completed_on=today - timedelta(days=rng.randint(1, 300))
                    if rng.random() < 0.4
                    else None,
                )
                for initiative in created
                for n in range(1, TASKS + 1)
            ),
            batch_size=BATCH,
        )

    def add_updates(self, rng: random.Random) -> None:
        """Every initiative gets UPDATES progress updates: the missing ones go before its oldest
        (a bench initiative's newest is its last_update_at)."""
        now = timezone.now()
        initiatives = Initiative.objects.annotate(
            n=Count("updates"), oldest=Min("updates__created_at")
        ).values_list("pk", "n", "oldest", "last_update_at", "status", "percent_done")
        rows = []
        for pk, count, oldest, last_update_at, status, percent in initiatives:
            newest = oldest or last_update_at or now - timedelta(days=rng.randint(200, 360))
            moment = newest
            for index in range(UPDATES - count):
                if index or oldest:  # an existing oldest update, or the first one made here
                    moment -= timedelta(days=rng.randint(15, 40))
                rows.append(
                    ProgressUpdate(
                        initiative_id=pk,
                        date=moment.date(),
                        status=status,
                        percent_done=max(0, percent - 5 * index) if index else percent,
                        note=rng.choice(NOTES[status]),
                        created_at=moment,
                    )
                )
        ProgressUpdate.objects.bulk_create(rows, batch_size=BATCH)
        # Every initiative's last update is now its newest update (see Initiative.last_update_at).
        Initiative.objects.refresh_last_update()

    def add_indicators(self, rng: random.Random) -> None:
        """Each municipality up to INDICATORS indicators with values for ten years and goals."""
        counts = dict(Municipality.objects.annotate(n=Count("indicators")).values_list("pk", "n"))
        indicators = Indicator.objects.bulk_create(
            Indicator(
                municipality_id=pk,
                name=f"Benchindikator {n + 1}",
                unit="ton",
                direction=Indicator.Direction.DECREASE,
                description="Benchdata: opdigtede tal.",
            )
            for pk, count in counts.items()
            for n in range(count, INDICATORS)
        )
        values, goals = [], []
        for indicator in indicators:
            level = rng.uniform(100, 10_000)
            for year in INDICATOR_YEARS:
                values.append(
                    IndicatorValue(indicator=indicator, year=year, value=Decimal(round(level, 1)))
                )
                level *= rng.uniform(0.9, 1.02)
            goals += [
                IndicatorGoal(indicator=indicator, year=2025, value=Decimal(round(level * 0.9))),
                IndicatorGoal(indicator=indicator, year=2030, value=Decimal(round(level * 0.5))),
            ]
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        IndicatorGoal.objects.bulk_create(goals, batch_size=BATCH)

    def add_packs(self, secretariat: User) -> int:
        """A published pack for every meeting of the demo year, plus one more meeting whose
        pack has PACK_ATTACHMENT_PAGES attachment pages (timed by bin/bench). The pack jobs run
        in-process here (no REDIS_URL when seeding)."""
        body = Body.objects.get(slug="politisk-styregruppe")
        starts = timezone.now() + timedelta(days=200)
        meeting = Meeting.objects.create(
            body=body,
            title=PACK_MEETING_TITLE,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        item = AgendaItem.objects.create(meeting=meeting, position=1, title="Bilag (bench)")
        pages = "".join(
            f'<section style="break-after: page"><h1>Bilag, side {n}</h1>'
            f"<p>{'Benchdata til mødepakken. ' * 15}</p></section>"
            for n in range(1, PACK_ATTACHMENT_PAGES + 1)
        )
        content = HTML(string=f"<style>@page {{ size: A4 }}</style>{pages}").write_pdf()
        attachment = AgendaAttachment(
            item=item,
            title="Bilag med 300 sider (bench)",
            original_name="bilag.pdf",
            is_pdf=True,
            page_count=PACK_ATTACHMENT_PAGES,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        attachment.file.save("bilag.pdf", ContentFile(content), save=False)
        attachment.save()
        published = 0
        for meeting in Meeting.objects.exclude(title=PACK_MEETING_TITLE).filter(packs=None):
            enqueue_job(kind=PACK_JOB, subject=meeting, requested_by=secretariat)
            publish_pack(meeting=meeting, by=secretariat, notify=False)
            published += 1
        return published

    def close_last_round(self, secretariat: User) -> ReportingRound:
        """Last year's round, closed: its status report and fact sheets are what bin/bench
        times."""
        year = timezone.localdate().year - 1
        reporting_round = open_round(
            year=year, deadline=timezone.localdate() - timedelta(days=30), by=secretariat
        )
        return close_round(reporting_round=reporting_round, by=secretariat)
