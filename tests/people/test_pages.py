"""The legally required pages: the privacy notice, the cookies, and the footer that links them and
the accessibility statement."""

from django.conf import settings
from django.urls import reverse

from people.models import PrivacyNotice


def test_the_privacy_page_is_public_and_hides_the_notes_to_fill_in(world, client):
    page = client.get(reverse("people:privacy")).content.decode()
    assert "Dataansvarlig" in page and "Dine rettigheder" in page
    assert "Sekretariatet skal skrive" not in page
    assert f"{settings.RETENTION_LOGIN_ATTEMPTS_DAYS} dage" in page


def test_the_secretariat_sees_what_it_must_fill_in(world):
    page = world.client("secretariat").get(reverse("people:privacy")).content.decode()
    assert "Sekretariatet skal skrive, hvem der er dataansvarlig" in page
    assert reverse("people:privacy-update") in page


def test_the_secretariat_edits_the_notice_and_a_stale_edit_is_refused(world, client):
    secretariat = world.client("secretariat")
    url = reverse("people:privacy-update")
    response = secretariat.post(url, {"text": "## Dataansvarlig\n\nGate 21 (testtekst)."})
    assert response.status_code == 302
    notice = PrivacyNotice.objects.get()
    assert "Gate 21 (testtekst)." in client.get(reverse("people:privacy")).content.decode()
    secretariat.post(url, {"text": "Anden tekst", "lock_version": notice.lock_version})
    stale = secretariat.post(url, {"text": "Gammel formular", "lock_version": notice.lock_version})
    assert stale.status_code == 302
    notice.refresh_from_db()
    assert notice.text == "Anden tekst"
    assert notice.history.count() == 2


def test_the_cookie_page_names_the_real_cookies(world, client, settings):
    page = client.get(reverse("people:cookies")).content.decode()
    for name in (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    ):
        assert f"<code>{name}</code>" in page


def test_the_footer_links_the_accessibility_statement_when_it_is_set(world, client, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/klimaalliancen-example"
    page = client.get(reverse("public-home")).content.decode()
    assert 'href="https://www.was.digst.dk/klimaalliancen-example"' in page
    assert reverse("people:privacy") in page and reverse("people:cookies") in page


def test_without_an_address_only_the_secretariat_is_told(world, client, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = ""
    public = client.get(reverse("public-home")).content.decode()
    assert "Tilgængelighedserklæring" not in public
    staff = world.client("secretariat").get(reverse("account")).content.decode()
    assert "ACCESSIBILITY_STATEMENT_URL" in staff
