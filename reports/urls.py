from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("ny/", views.round_create, name="round-create"),
    path("<int:year>/", views.round_detail, name="round-detail"),
    path("<int:year>/paamind/", views.round_remind, name="round-remind"),
    path("<int:year>/luk/", views.round_close, name="round-close"),
    path("<int:year>/kommune/<int:code>/", views.municipality_round, name="municipality-round"),
    path(
        "<int:year>/kommune/<int:code>/rapporteret/",
        views.municipality_mark,
        name="municipality-mark",
    ),
    path("<int:year>/udkast/", views.report_draft, name="report-draft"),
    path("<int:year>/rapport/", views.report_detail, name="report-detail"),
    path("<int:year>/rapport/tekst/", views.report_narrative, name="report-narrative"),
    path("<int:year>/rapport/dan/", views.report_build, name="report-build"),
    path("<int:year>/rapport/faktaark/", views.factsheets_build, name="factsheets-build"),
    path(
        "<int:year>/rapport/version/<int:pk>/indstil/",
        views.report_submit,
        name="report-submit",
    ),
]
