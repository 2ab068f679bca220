from django.urls import path

from .views import activityplan as ap
from .views import agenda, bodies, meetings, packs, tracks

app_name = "governance"
urlpatterns = [
    path("", bodies.body_list, name="body-list"),
    path("mine/", bodies.my_bodies, name="mine"),
    # --- tracks
    path("spor/", tracks.track_list, name="track-list"),
    path("spor/nyt/", tracks.track_create, name="track-create"),
    path("spor/<int:pk>/", tracks.track_detail, name="track-detail"),
    path("spor/<int:pk>/rediger/", tracks.track_update, name="track-update"),
    path("spor/<int:pk>/status/", tracks.track_state, name="track-state"),
    # --- end tracks
    # --- activity plans
    path("aktivitetsplaner/", ap.activityplan_list, name="activityplan-list"),
    path("aktivitetsplaner/ny/", ap.activityplan_create, name="activityplan-create"),
    path("aktivitetsplaner/<int:year>/", ap.activityplan_detail, name="activityplan-detail"),
    path("aktivitetsplaner/<int:year>/tekst/", ap.activityplan_update, name="activityplan-update"),
    path("aktivitetsplaner/<int:year>/ramme/", ap.activityplan_frame, name="activityplan-frame"),
    path(
        "aktivitetsplaner/<int:year>/ramme/hent/",
        ap.activityplan_prefill,
        name="activityplan-prefill",
    ),
    path(
        "aktivitetsplaner/<int:year>/aktiviteter/ny/",
        ap.activity_create,
        name="activityplan-activity-create",
    ),
    path(
        "aktivitetsplaner/aktiviteter/<int:pk>/rediger/",
        ap.activity_update,
        name="activityplan-activity-update",
    ),
    path(
        "aktivitetsplaner/aktiviteter/<int:pk>/slet/",
        ap.activity_delete,
        name="activityplan-activity-delete",
    ),
    path(
        "aktivitetsplaner/<int:year>/pdf/", ap.activityplan_generate, name="activityplan-generate"
    ),
    path(
        "aktivitetsplaner/<int:year>/indstil/", ap.activityplan_submit, name="activityplan-submit"
    ),
    path(
        "aktivitetsplaner/<int:year>/dagsorden/", ap.activityplan_agenda, name="activityplan-agenda"
    ),
    # --- end activity plans
    # --- meetings
    path("moeder/", meetings.meeting_list, name="meeting-list"),
    path("moeder/kalender.ics", meetings.meeting_ics, name="meeting-ics"),
    path(
        "moeder/kalender/<str:token>.ics", meetings.meeting_ics_by_token, name="meeting-ics-token"
    ),
    path("moeder/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("moeder/<int:pk>/rediger/", meetings.meeting_update, name="meeting-update"),
    path("moeder/<int:pk>/afholdt/", meetings.meeting_held, name="meeting-held"),
    path("moeder/<int:pk>/pakke/byg/", packs.pack_build, name="pack-build"),
    path("moeder/<int:pk>/pakke/udgiv/", packs.pack_publish, name="pack-publish"),
    path("moeder/<int:pk>/referat/byg/", packs.minutes_build, name="minutes-build"),
    path("moeder/<int:pk>/referat/godkendelse/", packs.minutes_item, name="minutes-item"),
    path("moeder/<int:pk>/fremmoede/", meetings.attendance, name="attendance"),
    path("moeder/<int:pk>/punkter/nyt/", agenda.item_create, name="item-create"),
    path("moeder/<int:pk>/punkter/genbrug/", agenda.item_reuse, name="item-reuse"),
    path("punkter/<int:pk>/", agenda.item_detail, name="item-detail"),
    path("punkter/<int:pk>/rediger/", agenda.item_update, name="item-update"),
    path("punkter/<int:pk>/raekkefoelge/", agenda.item_reorder, name="item-reorder"),
    path("punkter/<int:pk>/flyt/", agenda.item_move, name="item-move"),
    path("punkter/<int:pk>/link/", agenda.item_link, name="item-link"),
    path("punkter/<int:pk>/beslutning/", agenda.item_decision, name="item-decision"),
    path("punkter/<int:pk>/bilag/nyt/", agenda.attachment_create, name="attachment-create"),
    path("punkter/<int:pk>/opfoelgning/ny/", agenda.follow_up_create, name="follow-up-create"),
    path("bilag/<int:pk>/hent/", agenda.attachment_download, name="attachment-download"),
    path("bilag/<int:pk>/erstat/", agenda.attachment_replace, name="attachment-replace"),
    path("bilag/<int:pk>/slet/", agenda.attachment_delete, name="attachment-delete"),
    path("opfoelgning/<int:pk>/rediger/", agenda.follow_up_update, name="follow-up-update"),
    path("beslutninger/", agenda.DecisionLogView.as_view(), name="decision-log"),
    path("medlemmer/<int:pk>/rediger/", meetings.membership_update, name="membership-update"),
    path("<slug:slug>/moeder/nyt/", meetings.meeting_create, name="meeting-create"),
    path("<slug:slug>/medlemmer/nyt/", meetings.membership_create, name="membership-create"),
    # --- end meetings
    path("<slug:slug>/", bodies.body_detail, name="body-detail"),
]
