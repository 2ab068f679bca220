from allauth.account.decorators import secure_admin_login
from allauth.urls import build_provider_urlpatterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from . import views

# The admin logs in through the portal's login, with its second factor, never around it.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("velkommen/", views.public_home, name="public-home"),
    path("sundhed/", views.health, name="health"),
    path("konto/", views.account, name="account"),
    path("konto/kalenderlink/nyt/", views.feed_renew, name="feed-renew"),
    path("konto/paamindelser/", views.digest_preference_update, name="digest-preference-update"),
    path("paamindelser/afmeld/<str:token>/", views.digest_unsubscribe, name="digest-unsubscribe"),
    # Login, two-factor, OpenID Connect and the list of one's sessions (django-allauth).
    path("konto/sessions/log-ud-overalt/", views.logout_everywhere, name="logout-everywhere"),
    # A person's e-mail address is their identity here (and what an OpenID Connect sign-in is
    # matched on): the secretariat changes it (people/), never the person through allauth's page.
    path("konto/email/", RedirectView.as_view(pattern_name="account"), name="account_email"),
    path("konto/", include("allauth.account.urls")),
    path("konto/2fa/", include("allauth.mfa.urls")),
    path("konto/sessions/", include("allauth.usersessions.urls")),
    path("konto/3rdparty/", include("allauth.socialaccount.urls")),
    path("konto/", include(build_provider_urlpatterns())),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("job/<uuid:uuid>/", views.job_detail, name="job-detail"),
    path("dokumenter/<int:pk>/hent/", views.document_download, name="document-download"),
    path("kommuner/", include("municipalities.urls")),
    path("klimaplaner/", include("actionplans.urls")),
    path("netvaerk/", include("networks.urls")),
    path("organer/", include("governance.urls")),
    path("fundraising/", include("fundraising.urls")),
    path("rapportering/", include("reports.urls")),
    path("", include("people.urls")),
    path("offentlig/", include("opendata.urls")),
    path("api/v1/", include("opendata.api_urls")),
    path("admin/", admin.site.urls),
]
