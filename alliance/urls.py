from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("velkommen/", views.public_home, name="public-home"),
    path("sundhed/", views.health, name="health"),
    path("konto/", views.account, name="account"),
    path("konto/kalenderlink/nyt/", views.feed_renew, name="feed-renew"),
    path("konto/paamindelser/", views.digest_preference_update, name="digest-preference-update"),
    path("paamindelser/afmeld/<str:token>/", views.digest_unsubscribe, name="digest-unsubscribe"),
    path(
        "konto/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/adgangskode/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "konto/adgangskode/skiftet/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("konto/nulstil/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "konto/nulstil/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/nulstil/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
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
