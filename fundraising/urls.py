from django.urls import path

from . import views

app_name = "fundraising"
urlpatterns = [
    # --- sources and calls
    path("opslag/", views.CallListView.as_view(), name="call-list"),
    path("opslag/frister.ics", views.call_feed, name="call-feed"),
    path("opslag/nyt/", views.call_create, name="call-create"),
    path("opslag/<int:pk>/", views.call_detail, name="call-detail"),
    path("opslag/<int:pk>/rediger/", views.call_update, name="call-update"),
    path("kilder/", views.source_list, name="source-list"),
    path("kilder/ny/", views.source_create, name="source-create"),
    path("kilder/<int:pk>/rediger/", views.source_update, name="source-update"),
    # --- applications
    path("ansoegninger/", views.ApplicationListView.as_view(), name="application-list"),
    path("ansoegninger/tavle/", views.application_board, name="application-board"),
    path("ansoegninger/totaler/", views.application_totals, name="application-totals"),
    path("ansoegninger/ny/", views.application_create, name="application-create"),
    path("ansoegninger/<int:pk>/", views.application_detail, name="application-detail"),
    path("ansoegninger/<int:pk>/rediger/", views.application_update, name="application-update"),
    path("ansoegninger/<int:pk>/status/", views.application_state, name="application-state"),
    path("ansoegninger/<int:pk>/ny-partner/", views.partner_create, name="partner-create"),
    path("ansoegninger/<int:pk>/nyt-dokument/", views.document_create, name="document-create"),
    path("partnere/<int:pk>/", views.partner_update, name="partner-update"),
    path("dokumenter/<int:pk>/hent/", views.document_download, name="document-download"),
    # Last, so that the URL × role test, which POSTs in this order, removes the partner only after
    # the other URLs have used it.
    path("partnere/<int:pk>/fjern/", views.partner_delete, name="partner-delete"),
    # --- the alliance's finances
    path("oekonomi/", views.finance_summary, name="finance-summary"),
    path("oekonomi/eksport/", views.finance_export, name="finance-export"),
]
