from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import digest, feeds, homes, policy, roles
from .downloads import file_name, file_response
from .forms import DigestPreferenceForm
from .models import GeneratedDocument, Job


def home(request: HttpRequest) -> HttpResponse:
    """Each role's own home page (the apps' homes: the secretariat's dashboard, a coordinator's
    municipality), else the list or the bodies it starts from; an account without a role is told so."""
    user = request.user
    if (page := homes.home_page(request)) is not None:
        return page
    if roles.is_secretariat(user) or roles.coordinated_municipality_ids(user):
        return redirect("municipalities:list")
    if roles.body_ids(user):
        return redirect("governance:mine")
    return render(request, "alliance/no_role.html")


@login_not_required
def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/public_home.html")


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/account.html", {"role_names": roles.role_names(request.user)})


def digest_preference_update(request: HttpRequest) -> HttpResponse:
    """How often the optional reminders come in the daily digest, and in which language."""
    form = DigestPreferenceForm(request.POST or None, instance=digest.preference_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dine indstillinger for påmindelser er gemt."))
        return redirect("digest-preference-update")
    context = {"form": form, "sources": digest.sources()}
    return render(request, "alliance/digest_preference.html", context)


@login_not_required
@never_cache
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The digest's unsubscribe link: no login, the signed token stands for the person. A GET
    asks (a mail scanner opening the link changes nothing); the POST turns the optional part
    off. The mandatory reminders still come."""
    user = digest.user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "alliance/digest_unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        digest.unsubscribe(user=user)
    return render(request, "alliance/digest_unsubscribe.html", {"done": done, "person": user})


@require_POST
def feed_renew(request: HttpRequest) -> HttpResponse:
    """A new secret calendar address for the user; the old ones stop working."""
    feeds.renew_feed_key(user=request.user)
    messages.success(
        request,
        _(
            "Du har fået et nyt kalenderlink. Det gamle virker ikke længere; opdatér abonnementet "
            "i din kalender."
        ),
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "account"
    return redirect(back)


@never_cache
def job_detail(request: HttpRequest, uuid) -> HttpResponse:
    """The job's progress; htmx polls the fragment until the job is done or failed."""
    job = policy.get_visible_or_404(request.user, Job, uuid=uuid)
    document = job.document if job.state == Job.State.DONE else None
    if document and not policy.can_view(request.user, document):
        document = None
    template = "alliance/_job.html" if request.htmx else "alliance/job_detail.html"
    return render(request, template, {"job": job, "document": document})


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = policy.get_visible_or_404(request.user, GeneratedDocument, pk=pk)
    filename = file_name(document.title, suffix=f"-v{document.version}.{document.extension}")
    response = file_response(document.file.open("rb"), filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = document.sha256
    return response


@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this account, on every device, this one included."""
    end_sessions(request, list(UserSession.objects.filter(user_id=request.user.pk)))
    logout(request)  # also a session made before the list kept it
    messages.success(request, _("Du er logget ud på alle enheder."))
    return redirect("account_login")
