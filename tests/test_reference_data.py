"""The reference data command against the facts of shared/DOMAIN.md (expected values hardcoded)."""

import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import CommandError, call_command

from actionplans.models import Theme
from governance.models import Body, BodyRelation, Membership, Role, Seat
from municipalities.models import Municipality, Organisation
from networks.models import Network, VipProject

pytestmark = pytest.mark.django_db

REFERENCE_DIR = settings.BASE_DIR / "fixtures" / "reference"

# DOMAIN.md "The 29 municipalities (official municipality codes)"
MUNICIPALITIES = {
    101: "København",
    147: "Frederiksberg",
    151: "Ballerup",
    153: "Brøndby",
    155: "Dragør",
    157: "Gentofte",
    159: "Gladsaxe",
    161: "Glostrup",
    163: "Herlev",
    165: "Albertslund",
    167: "Hvidovre",
    169: "Høje-Taastrup",
    173: "Lyngby-Taarbæk",
    175: "Rødovre",
    183: "Ishøj",
    185: "Tårnby",
    187: "Vallensbæk",
    190: "Furesø",
    201: "Allerød",
    210: "Fredensborg",
    217: "Helsingør",
    219: "Hillerød",
    223: "Hørsholm",
    230: "Rudersdal",
    240: "Egedal",
    250: "Frederikssund",
    260: "Halsnæs",
    270: "Gribskov",
    400: "Bornholm",
}

MODELS = (Organisation, Municipality, Network, VipProject, Body, Seat, BodyRelation)


def load() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def names(organisations) -> set[str]:
    """An organisation set as names: a municipality by its short name, others by their own."""
    return {
        org.municipality.name if org.kind == Organisation.Kind.MUNICIPALITY else org.name
        for org in organisations.select_related("municipality")
    }


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["leads"] = VipProject.leads.through.objects.count()
    counts["participants"] = VipProject.participants.through.objects.count()
    return counts


@pytest.fixture
def loaded() -> str:
    return load()


# --- municipalities and organisations -------------------------------------------------------


def test_exactly_the_29_municipalities_with_their_codes(loaded):
    # DOMAIN.md "The 29 municipalities (official municipality codes)"
    assert Municipality.objects.count() == 29
    assert dict(Municipality.objects.values_list("code", "name")) == MUNICIPALITIES


def test_official_names_and_municipal_organisations(loaded):
    # DOMAIN.md "The 29 municipalities": 400 Bornholm (Bornholms Regionskommune)
    assert Municipality.objects.get(code=400).official_name == "Bornholms Regionskommune"
    # seeds/003 writes "Københavns Kommune"
    assert Municipality.objects.get(code=101).official_name == "Københavns Kommune"
    assert Municipality.objects.get(code=169).official_name == "Høje-Taastrup Kommune"
    # Each municipality has its own organisation of kind municipality, named by the official name.
    for municipality in Municipality.objects.select_related("organisation"):
        assert municipality.organisation.kind == Organisation.Kind.MUNICIPALITY
        assert municipality.organisation.name == municipality.official_name
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 29


def test_region_hovedstaden_is_an_organisation_not_a_municipality(loaded):
    # DOMAIN.md "The 29 municipalities": Region Hovedstaden takes part as an organisation,
    # not as a municipality.
    region = Organisation.objects.get(name="Region Hovedstaden")
    assert region.kind == Organisation.Kind.REGION
    assert not Municipality.objects.filter(organisation=region).exists()
    assert not Municipality.objects.filter(name__icontains="Region").exists()


def test_the_partner_organisations(loaded):
    # seeds/002 §1.2 and seeds/004 "de fem regioner"
    assert set(
        Organisation.objects.filter(kind=Organisation.Kind.REGION).values_list("name", flat=True)
    ) == {
        "Region Hovedstaden",
        "Region Sjælland",
        "Region Syddanmark",
        "Region Midtjylland",
        "Region Nordjylland",
    }
    # DOMAIN.md "Who runs it", "Governance", "The three thematic networks", "VIP projects"
    for name in (
        "Gate 21",
        "KKR Hovedstaden",
        "Danske Regioner",
        "Realdania",
        "CONCITO",
        "C40 Cities",
        "Greater Copenhagen EU Office",
        "Ea Energianalyse",
        "ARGO",
        "Vestforbrænding",
        "ARC",
    ):
        assert Organisation.objects.filter(name=name).exists(), name
    assert Organisation.objects.get(short_name="KL").name == "Kommunernes Landsforening"
    # DOMAIN.md "Governance, national": CONCITO is Denmark's green think tank; C40 Cities is a
    # network of close to 100 mayors of leading cities, not a think tank.
    assert Organisation.objects.get(name="CONCITO").kind == Organisation.Kind.THINK_TANK
    assert Organisation.objects.get(name="C40 Cities").kind == Organisation.Kind.CITY_NETWORK
    assert "borgmestere" in Organisation.objects.get(name="C40 Cities").source
    # Every reference record says where it comes from.
    assert not Organisation.objects.filter(source="").exists()


# --- networks and VIP projects --------------------------------------------------------------


def test_the_three_networks_from_2024(loaded):
    # DOMAIN.md "The three thematic networks (from 2024)"
    assert set(Network.objects.values_list("name", flat=True)) == {"Transport", "Energi", "Forbrug"}
    assert set(Network.objects.values_list("started_year", flat=True)) == {2024}
    assert not Network.objects.filter(description="").exists()


def test_the_seven_vip_projects_and_their_leads(loaded):
    # DOMAIN.md "The seven VIP climate projects": the lead column, read from the layout of
    # seeds/003 ("Albertslund Frederiksberg" share a line, so they lead different projects;
    # madspild quotes Albertslund, green fuels Frederiksberg and Region H).
    expected_leads = {
        "Energi- og klimaplaner": {"Høje-Taastrup", "Helsingør"},
        "Håndtering af madspild": {"Albertslund"},
        "100 % grønne drivmidler": {"Frederiksberg", "Region Hovedstaden"},
        "Cirkulære indkøb": {"Gladsaxe"},
        "Grønne pendlervaner": {"Ballerup", "Region Hovedstaden"},
        "Energibesparelser i boliger": {"Fredensborg", "Hvidovre"},
        "Fælles plan for plastaffald": {"København"},
    }
    assert VipProject.objects.count() == 7
    for project in VipProject.objects.all():
        assert names(project.leads.all()) == expected_leads[project.name], project.name
        # DOMAIN.md: "The source gives no start or end year per project: do not show
        # '2019–2023' on each as a fact."
        assert (project.start_year, project.end_year) == (None, None)
        assert project.summary


def test_vip_participants_as_tabled(loaded):
    # DOMAIN.md "The seven VIP climate projects": the participants column
    assert names(VipProject.objects.get(name="100 % grønne drivmidler").participants.all()) == {
        "Region Hovedstaden", "Allerød", "Ballerup", "Brøndby", "Dragør", "Egedal",
        "Fredensborg", "Frederiksberg", "Gentofte", "Gladsaxe", "Halsnæs", "Glostrup",
        "Helsingør", "Herlev", "Hillerød", "Høje-Taastrup", "København", "Lyngby-Taarbæk",
        "Rødovre", "Tårnby", "Gribskov", "Hvidovre", "Furesø",
    }  # fmt: skip
    assert names(VipProject.objects.get(name="Grønne pendlervaner").participants.all()) == {
        "Allerød", "Ballerup", "Brøndby", "Frederiksberg", "Frederikssund", "Furesø",
        "Gentofte", "Gladsaxe", "Helsingør", "Hillerød", "Høje-Taastrup", "Ishøj",
        "København", "Rødovre", "Tårnby", "Region Hovedstaden",
    }  # fmt: skip
    assert names(VipProject.objects.get(name="Energibesparelser i boliger").participants.all()) == {
        "Albertslund", "Allerød", "Ballerup", "Bornholm", "Brøndby", "Dragør", "Egedal",
        "Frederiksberg", "Frederikssund", "Furesø", "Gentofte", "Gladsaxe", "Glostrup",
        "Helsingør", "Herlev", "Hillerød", "Høje-Taastrup", "Hørsholm", "Ishøj", "København",
        "Lyngby-Taarbæk", "Rudersdal", "Rødovre", "Tårnby",
    }  # fmt: skip
    # DOMAIN.md: plastaffald lists no participants; ARGO, Vestforbrænding and ARC are named only
    # as the waste companies a joint tender could span, not as participants.
    plastic = VipProject.objects.get(name="Fælles plan for plastaffald")
    assert "ikke som deltagere" in plastic.participants_note
    # DOMAIN.md: "merged into DK2020 work" / "not listed": no participants, but a note says why.
    for name in (
        "Energi- og klimaplaner",
        "Håndtering af madspild",
        "Cirkulære indkøb",
        "Fælles plan for plastaffald",
    ):
        project = VipProject.objects.get(name=name)
        assert not project.participants.exists(), name
        assert project.participants_note, name
    assert "DK2020" in VipProject.objects.get(name="Energi- og klimaplaner").participants_note


def test_vip_projects_continued_by_the_networks(loaded):
    # DOMAIN.md "The three thematic networks": green fuels and grønne pendlervaner under
    # Transport, energy savings in housing under Energi, circular procurement under Forbrug.
    continued = {
        project.name: project.continued_by.name if project.continued_by else None
        for project in VipProject.objects.select_related("continued_by")
    }
    assert continued == {
        "Energi- og klimaplaner": None,
        "Håndtering af madspild": None,
        "100 % grønne drivmidler": "Transport",
        "Cirkulære indkøb": "Forbrug",
        "Grønne pendlervaner": "Transport",
        "Energibesparelser i boliger": "Energi",
        "Fælles plan for plastaffald": None,
    }


def test_vip_results_and_tools_from_the_evaluation(loaded):
    # seeds/003: every project's page says what came of it; tools only where the source names one.
    projects = {p.slug: p for p in VipProject.objects.all()}
    assert all(p.results for p in projects.values())
    assert "27 af de 29 kommuner" in projects["energi-og-klimaplaner"].results
    assert "mindst 13 kommuner" in projects["100-procent-gronne-drivmidler"].results
    assert "Artelia/MOE" in projects["gronne-pendlervaner"].results
    assert "AlmenNets" in projects["energibesparelser-i-boliger"].results
    assert projects["energibesparelser-i-boliger"].tool_lines == [
        "Udbudskit til gratis energitjek af parcelhuse (april 2022)."
    ]
    assert len(projects["cirkulaere-indkob"].tool_lines) == 2
    # The source names no tool of these three.
    for slug in (
        "energi-og-klimaplaner",
        "handtering-af-madspild",
        "100-procent-gronne-drivmidler",
    ):
        assert projects[slug].tools == "", slug


# --- themes ---------------------------------------------------------------------------------


def test_the_65_percent_theme_is_car_pooling_not_car_sharing(loaded):
    # DOMAIN.md "Et blik på tværs": car-pooling ("samkørsel", not car-sharing) and green
    # transport for businesses, 65 %; seeds/003: "vil fremme samkørsel og grøn transport for
    # virksomheder".
    theme = Theme.objects.get(reference_share=65)
    assert (theme.slug, theme.name) == (
        "samkoersel-erhverv",
        "Samkørsel og grøn transport for virksomheder",
    )
    assert not Theme.objects.filter(name__icontains="delebil").exists()


def test_reference_shares_are_of_the_26_analysed_plans(loaded):
    # DOMAIN.md: every figure equals k/26 and none can be k/29.
    shares = Theme.objects.filter(kind=Theme.Kind.CROSS_VIEW).values_list(
        "reference_share", flat=True
    )
    assert sorted(shares) == [58, 65, 73, 77, 81, 88, 92, 92]
    for share in shares:
        assert any(round(100 * k / 26) == share for k in range(27)), share
    assert "26" in str(Theme._meta.get_field("reference_share").help_text)


def test_the_car_sharing_theme_of_an_existing_database_is_renamed_in_place():
    migration = importlib.import_module(
        "actionplans.migrations.0005_theme_share_base_and_carpooling"
    )
    old = Theme.objects.create(
        slug="delebiler-erhverv",
        name="Delebiler og grøn transport for virksomheder",
        kind=Theme.Kind.CROSS_VIEW,
        reference_share=65,
    )
    migration.rename_carpooling_theme(django_apps, None)
    old.refresh_from_db()
    assert (old.slug, old.name) == (
        "samkoersel-erhverv",
        "Samkørsel og grøn transport for virksomheder",
    )


# --- governance -----------------------------------------------------------------------------


def test_bodies_and_meeting_frequency(loaded):
    # DOMAIN.md "Governance, regional" and "Governance, national"; null where not stated.
    assert dict(Body.objects.values_list("slug", "meetings_per_year")) == {
        "politisk-styregruppe": 1,  # "Meets once a year"
        "administrativ-styregruppe": None,  # meets with EKI: no number stated
        "folgegruppe": None,
        "projektgruppe": None,
        "forretningsudvalg": 2,  # "Meets twice a year"
        "politisk-udviklingsgruppe": 2,  # "Twice a year"
        "administrativ-projektstyregruppe": 6,  # "Six times a year"
    }
    levels = dict(Body.objects.values_list("slug", "level"))
    assert {slug for slug, level in levels.items() if level == Body.Level.NATIONAL} == {
        "forretningsudvalg",
        "politisk-udviklingsgruppe",
        "administrativ-projektstyregruppe",
    }
    # DOMAIN.md "Governance, national": all decisions unanimous
    for body in Body.objects.filter(level=Body.Level.NATIONAL):
        assert "enstemmighed" in body.decision_rule, body.slug
    # Regional decision rules are not in the sources.
    assert not Body.objects.filter(level=Body.Level.REGIONAL).exclude(decision_rule="").exists()
    # DOMAIN.md: the administrative steering group's ordinary meetings are held with EKI's.
    assert "EKI" in Body.objects.get(slug="administrativ-styregruppe").meeting_frequency_note


def test_forretningsudvalg_composition(loaded):
    # DOMAIN.md "Governance, national": 1 Realdania representative and 1 Realdania observer,
    # 2 politicians appointed by KL, 2 by Danske Regioner, CONCITO's director and C40 Denmark's
    # director as observers. Chair KL, vice-chair the regions.
    seats = Seat.objects.filter(body__slug="forretningsudvalg").select_related("appointed_by")
    composition = {
        (seat.appointed_by.name if seat.appointed_by else None, seat.role): seat.count
        for seat in seats
    }
    assert composition == {
        ("Realdania", Role.MEMBER): 1,
        ("Realdania", Role.OBSERVER): 1,
        ("Kommunernes Landsforening", Role.MEMBER): 2,
        ("Danske Regioner", Role.MEMBER): 2,
        ("CONCITO", Role.OBSERVER): 1,
        ("C40 Cities", Role.OBSERVER): 1,
        ("Kommunernes Landsforening", Role.CHAIR): None,
        (None, Role.VICE_CHAIR): None,
    }
    assert sum(seat.count or 0 for seat in seats) == 8
    assert sum(seat.count for seat in seats if seat.role == Role.OBSERVER) == 3


def test_regional_steering_groups_composition(loaded):
    # DOMAIN.md "Governance, regional": KKR Hovedstaden's chair and vice-chair, the regional
    # council chair and the chair of Region Hovedstaden's Miljø- og Klimaudvalg.
    political = Seat.objects.filter(body__slug="politisk-styregruppe")
    assert political.count() == 4
    assert sum(seat.count for seat in political) == 4
    assert political.filter(description__contains="Miljø- og Klimaudvalget").exists()
    # DOMAIN.md: EKI's chair and Region Hovedstaden's director of Regional Development are
    # co-chairs; Gate 21's director is sparring partner.
    administrative = Seat.objects.filter(body__slug="administrativ-styregruppe")
    assert administrative.filter(role=Role.CO_CHAIR).count() == 2
    assert administrative.get(role=Role.SPARRING, appointed_by__name="Gate 21").count == 1


def test_relations_between_bodies(loaded):
    # DOMAIN.md "Governance, regional": the administrative steering group prepares items for the
    # political steering group; seeds/002 §8.2/8.4: the national project steering group
    # supports the Forretningsudvalg.
    relations = set(BodyRelation.objects.values_list("source__slug", "kind", "target__slug"))
    assert ("administrativ-styregruppe", "prepares_for", "politisk-styregruppe") in relations
    assert ("folgegruppe", "follows", "administrativ-styregruppe") in relations
    assert ("administrativ-projektstyregruppe", "prepares_for", "forretningsudvalg") in relations
    assert len(relations) == 6


def test_no_people_are_reference_data(loaded):
    # DOMAIN.md: the sources name no members; members are not reference data.
    assert not Membership.objects.exists()


# --- idempotency and drift ------------------------------------------------------------------


def test_second_run_changes_nothing(loaded):
    before = row_counts()
    output = load()
    assert row_counts() == before
    assert "already up to date" in output
    # Each loader reports no creation, update or deletion when the data already matches.
    for app in ("municipalities", "networks", "governance"):
        counts = importlib.import_module(f"{app}.reference").load(REFERENCE_DIR)
        assert counts and set(counts.values()) == {0}, (app, counts)


def test_rerun_corrects_hand_edited_drift(loaded):
    before = row_counts()
    copenhagen = Municipality.objects.get(code=101)
    copenhagen.name = "Kbh."
    copenhagen.save()
    Organisation.objects.filter(pk=copenhagen.organisation_id).update(name="Kbh. Kommune")
    fuels = VipProject.objects.get(name="100 % grønne drivmidler")
    fuels.participants.remove(Municipality.objects.get(code=147).organisation)
    fuels.participants.add(Organisation.objects.get(name="Realdania"))
    fuels.continued_by = None
    fuels.save()
    Body.objects.filter(slug="forretningsudvalg").update(meetings_per_year=12)
    Seat.objects.filter(body__slug="forretningsudvalg", description__contains="Danske").delete()
    Seat.objects.create(body=Body.objects.get(slug="folgegruppe"), description="Opfundet plads")

    output = load()

    copenhagen.refresh_from_db()
    assert copenhagen.name == "København"
    assert copenhagen.organisation.name == "Københavns Kommune"
    fuels.refresh_from_db()
    assert "Frederiksberg" in names(fuels.participants.all())
    assert "Realdania" not in names(fuels.participants.all())
    assert fuels.continued_by.name == "Transport"
    assert Body.objects.get(slug="forretningsudvalg").meetings_per_year == 2
    assert (
        Seat.objects.get(body__slug="forretningsudvalg", appointed_by__name="Danske Regioner").count
        == 2
    )
    assert not Seat.objects.filter(description="Opfundet plads").exists()
    assert row_counts() == before
    assert "municipalities updated 1" in output


def test_broken_reference_file_is_an_error_and_changes_nothing(tmp_path, loaded):
    for path in REFERENCE_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    bodies = tmp_path / "bodies.toml"
    bodies.write_text(
        bodies.read_text(encoding="utf-8").replace('to = "forretningsudvalg"', 'to = "ukendt"'),
        encoding="utf-8",
    )
    Municipality.objects.filter(code=101).update(name="Kbh.")
    with pytest.raises(CommandError, match="ukendt"):
        call_command("load_reference_data", directory=tmp_path, stdout=StringIO())
    # One transaction: the municipalities loader's correction was rolled back too.
    assert Municipality.objects.get(code=101).name == "Kbh."
