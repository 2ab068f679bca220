import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from alliance import policy
from alliance.accounts import log_in_with_new_password
from alliance.downloads import file_name, file_response
from alliance.versioning import StaleEdit
from governance.models import Membership

from . import notice, services
from .forms import EraseForm, HandoverForm, InvitationForm, PrivacyNoticeForm
from .models import Invitation, account_state
from .privacy import erase_person, export_person

User = get_user_model()


def _person(request: HttpRequest, pk: int):
    """The person a secretariat page is about; everyone else is refused (404 without a role)."""
    policy.require(request.user, "manage", Invitation)
    return policy.get_visible_or_404(request.user, User, pk=pk)


def _people(request: HttpRequest):
    pending = Invitation.objects.pending().filter(user=OuterRef("pk"))
    people = User.objects.annotate(pending=Exists(pending)).prefetch_related(
        Prefetch("coordinatorships", to_attr="coordinator_rows"),
    )
    return policy.visible(request.user, people)


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "manage", Invitation)
    people = _people(request).prefetch_related("coordinatorships__municipality")
    rows = [(person, account_state(person, pending=person.pending)) for person in people]
    return render(request, "people/person_list.html", {"rows": rows})


def person_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "manage", Invitation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite_person(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            municipality=form.cleaned_data["municipality"]
            if form.cleaned_data["role"] == "coordinator"
            else None,
            body=form.cleaned_data["body"] if form.cleaned_data["role"] == "member" else None,
            by=request.user,
        )
        messages.success(
            request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.user.email}
        )
        return redirect("people:person-detail", pk=invitation.user.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "days": settings.INVITATION_VALID_DAYS},
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    pending = person.invitations.pending().exists()
    context = {
        "person": person,
        "state": account_state(person, pending=pending),
        "invitation": person.invitations.first(),
        "coordinatorships": person.coordinatorships.select_related("municipality"),
        "memberships": Membership.objects.filter(user=person).select_related("body"),
        "handovers": person.handovers_given.select_related("successor", "handed_over_by"),
        "received": person.handovers_received.select_related("predecessor", "handed_over_by"),
        "is_self": person == request.user,
    }
    return render(request, "people/person_detail.html", context)


@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if person.is_active:
        services.send_invitation(user=person, by=request.user)
        messages.success(
            request, _("En ny invitation er sendt. Det tidligere link virker ikke længere.")
        )
    else:
        messages.error(request, _("Kontoen er lukket. Inviter personen igen for at åbne den."))
    return redirect("people:person-detail", pk=person.pk)


@require_POST
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if person == request.user:
        messages.error(request, _("Du kan ikke lukke din egen konto."))
    else:
        services.deactivate_person(user=person)
        messages.success(request, _("Kontoen er lukket. Personen kan ikke længere logge ind."))
    return redirect("people:person-detail", pk=person.pk)


@require_POST
def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    services.reset_second_factor(user=person, by=request.user)
    messages.success(
        request,
        _(
            "Totrinsbekræftelsen er nulstillet. Personen sætter en ny godkendelsesapp op ved næste login."
        ),
    )
    return redirect("people:person-detail", pk=person.pk)


def handover_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = HandoverForm(request.POST or None, predecessor=person)
    if request.method == "POST" and form.is_valid():
        handover = services.hand_over(
            predecessor=person,
            successor=form.cleaned_data["successor"],
            by=request.user,
            deactivate=form.cleaned_data["deactivate"] and person != request.user,
        )
        messages.success(
            request, _("Overdragelsen er gennemført (%(ref)s).") % {"ref": handover.change_reason}
        )
        return redirect("people:person-detail", pk=handover.successor.pk)
    return render(request, "people/handover_form.html", {"form": form, "person": person})


@require_GET
def person_export(request: HttpRequest, pk: int) -> FileResponse:
    person = _person(request, pk)
    data = export_person(user=person)
    stamp = timezone.localdate().isoformat()
    response = file_response(
        io.BytesIO(data), filename=file_name(f"persondata-{person.pk}", suffix=f"-{stamp}.zip")
    )
    response["Cache-Control"] = "private, no-store"
    return response


def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = EraseForm(request.POST or None)
    if person == request.user:
        form = None  # one cannot erase oneself while logged in
    elif request.method == "POST" and form.is_valid():
        erase_person(user=person)
        messages.success(request, _("Personens oplysninger er slettet overalt i portalen."))
        return redirect("people:person-detail", pk=person.pk)
    return render(request, "people/person_erase.html", {"form": form, "person": person})


@login_not_required
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.pending_invitation(token)
    if invitation is None:
        return render(request, "people/invitation_invalid.html", status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except services.InvitationError:
            return render(request, "people/invitation_invalid.html", status=404)
        log_in_with_new_password(request, user)
        messages.success(request, _("Velkommen. Din adgangskode er gemt, og du er logget ind."))
        return redirect("home")
    return render(
        request, "people/invitation_accept.html", {"form": form, "invitee": invitation.user}
    )


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    context = {
        "blocks": notice.blocks(notice.current_text()),
        "is_default": notice.current_notice() is None,
        "can_edit": policy.can(request.user, "manage", Invitation),
    }
    return render(request, "people/privacy.html", context)


def privacy_update(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "manage", Invitation)
    current = notice.current_notice()
    form = PrivacyNoticeForm(
        request.POST or None, instance=current, initial={"text": notice.current_text()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_privacy_notice(
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data.get("lock_version"),
                by=request.user,
            )
        except StaleEdit:
            messages.error(
                request,
                _("Nogen har gemt en anden tekst, siden du åbnede siden. Her er den nye tekst."),
            )
            return redirect("people:privacy-update")
        messages.success(request, _("Privatlivspolitikken er gemt."))
        return redirect("people:privacy")
    return render(request, "people/privacy_form.html", {"form": form})


@login_not_required
@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    """The cookies the portal sets, by their real names (which change with HTTPS): all necessary,
    so no consent is asked for."""
    rows = [
        (
            settings.SESSION_COOKIE_NAME,
            _("Holder dig logget ind."),
            _("Til du logger ud, højst %(hours)s timer")
            % {"hours": settings.SESSION_COOKIE_AGE // 3600},
        ),
        (
            settings.CSRF_COOKIE_NAME,
            _("Beskytter formularer mod forfalskede indsendelser (CSRF)."),
            _("Et år"),
        ),
        (
            settings.LANGUAGE_COOKIE_NAME,
            _("Husker, om du har valgt dansk eller engelsk."),
            _("Til du lukker browseren"),
        ),
        (
            "messages",
            _('Viser en besked (fx "Gemt") på den næste side, du ser.'),
            _("Til beskeden er vist"),
        ),
    ]
    return render(request, "people/cookies.html", {"rows": rows})
