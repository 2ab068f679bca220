from django.urls import path

from . import meeting_views as mv
from . import tracks, views

app_name = "governance"
urlpatterns = [
    path("", views.body_list, name="body-list"),
    path("mine/", views.my_bodies, name="mine"),
    # --- tracks
    path("spor/", tracks.track_list, name="track-list"),
    path("spor/nyt/", tracks.track_create, name="track-create"),
    path("spor/<int:pk>/", tracks.track_detail, name="track-detail"),
    path("spor/<int:pk>/rediger/", tracks.track_update, name="track-update"),
    path("spor/<int:pk>/status/", tracks.track_state, name="track-state"),
    # --- end tracks
    # --- meetings
    path("moeder/", mv.meeting_list, name="meeting-list"),
    path("moeder/kalender.ics", mv.meeting_ics, name="meeting-ics"),
    path("moeder/kalender/<str:token>.ics", mv.meeting_ics_by_token, name="meeting-ics-token"),
    path("moeder/<int:pk>/", mv.meeting_detail, name="meeting-detail"),
    path("moeder/<int:pk>/rediger/", mv.meeting_update, name="meeting-update"),
    path("moeder/<int:pk>/afholdt/", mv.meeting_held, name="meeting-held"),
    path("moeder/<int:pk>/pakke/byg/", mv.pack_build, name="pack-build"),
    path("moeder/<int:pk>/pakke/udgiv/", mv.pack_publish, name="pack-publish"),
    path("moeder/<int:pk>/referat/byg/", mv.minutes_build, name="minutes-build"),
    path("moeder/<int:pk>/referat/godkendelse/", mv.minutes_item, name="minutes-item"),
    path("moeder/<int:pk>/fremmoede/", mv.attendance, name="attendance"),
    path("moeder/<int:pk>/punkter/nyt/", mv.item_create, name="item-create"),
    path("moeder/<int:pk>/punkter/genbrug/", mv.item_reuse, name="item-reuse"),
    path("punkter/<int:pk>/", mv.item_detail, name="item-detail"),
    path("punkter/<int:pk>/rediger/", mv.item_update, name="item-update"),
    path("punkter/<int:pk>/raekkefoelge/", mv.item_reorder, name="item-reorder"),
    path("punkter/<int:pk>/flyt/", mv.item_move, name="item-move"),
    path("punkter/<int:pk>/link/", mv.item_link, name="item-link"),
    path("punkter/<int:pk>/beslutning/", mv.item_decision, name="item-decision"),
    path("punkter/<int:pk>/bilag/nyt/", mv.attachment_create, name="attachment-create"),
    path("punkter/<int:pk>/opfoelgning/ny/", mv.follow_up_create, name="follow-up-create"),
    path("bilag/<int:pk>/hent/", mv.attachment_download, name="attachment-download"),
    path("bilag/<int:pk>/erstat/", mv.attachment_replace, name="attachment-replace"),
    path("bilag/<int:pk>/slet/", mv.attachment_delete, name="attachment-delete"),
    path("opfoelgning/<int:pk>/rediger/", mv.follow_up_update, name="follow-up-update"),
    path("beslutninger/", mv.DecisionLogView.as_view(), name="decision-log"),
    path("medlemmer/<int:pk>/rediger/", mv.membership_update, name="membership-update"),
    path("<slug:slug>/moeder/nyt/", mv.meeting_create, name="meeting-create"),
    path("<slug:slug>/medlemmer/nyt/", mv.membership_create, name="membership-create"),
    # --- end meetings
    path("<slug:slug>/", views.body_detail, name="body-detail"),
]
