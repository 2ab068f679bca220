from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("velkommen/", views.public_home, name="public-home"),
    path("sundhed/", views.health, name="health"),
    path("konto/", views.account, name="account"),
    path("konto/", include("django.contrib.auth.urls")),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("job/<uuid:uuid>/", views.job_detail, name="job-detail"),
    path("dokumenter/<int:pk>/hent/", views.document_download, name="document-download"),
    path("kommuner/", include("municipalities.urls")),
    path("organer/", include("governance.urls")),
    path("admin/", admin.site.urls),
]
