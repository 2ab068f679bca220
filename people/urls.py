from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("personer/", views.person_list, name="person-list"),
    path("personer/inviter/", views.person_create, name="person-create"),
    path("personer/<int:pk>/", views.person_detail, name="person-detail"),
    path("personer/<int:pk>/invitation/", views.invitation_resend, name="invitation-resend"),
    path("personer/<int:pk>/luk/", views.person_deactivate, name="person-deactivate"),
    path(
        "personer/<int:pk>/totrin/nulstil/", views.second_factor_reset, name="second-factor-reset"
    ),
    path("personer/<int:pk>/overdrag/", views.handover_create, name="handover-create"),
    path("personer/<int:pk>/data/", views.person_export, name="person-export"),
    path("personer/<int:pk>/slet/", views.person_erase, name="person-erase"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("privatlivspolitik/", views.privacy_notice, name="privacy"),
    path("privatlivspolitik/rediger/", views.privacy_update, name="privacy-update"),
    path("cookies/", views.cookies, name="cookies"),
]
