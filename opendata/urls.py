from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    # Public, no login: stable addresses to share.
    path("", views.region, name="region"),
    path("kommuner/<int:code>/", views.municipality, name="municipality"),
    path("data/", views.datapackage_list, name="datapackage-list"),
    path(
        "data/<int:year>/v<int:version>/", views.datapackage_download, name="datapackage-download"
    ),
    # The secretariat's.
    path("data/udgiv/", views.datapackage_release, name="datapackage-release"),
    path("indstillinger/", views.publication_list, name="publication-list"),
    path("indstillinger/<int:code>/", views.publication_update, name="publication-update"),
    path("noegler/", views.token_list, name="token-list"),
    path("noegler/<int:pk>/tilbagekald/", views.token_revoke, name="token-revoke"),
]
