from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="network-list"),
    path("vip/", views.vip_list, name="vip-list"),
    path("vip/<slug:slug>/", views.vip_detail, name="vip-detail"),
    path("aktiviteter/", views.activity_list, name="activity-list"),
    path("aktiviteter.ics", views.activity_feed, name="activity-feed"),
    path(
        "aktiviteter/kalender/<str:token>.ics",
        views.activity_feed_by_token,
        name="activity-feed-token",
    ),
    path("aktiviteter/ny/", views.activity_create, name="activity-create"),
    path("aktiviteter/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("aktiviteter/<int:pk>/rediger/", views.activity_update, name="activity-update"),
    path("aktiviteter/<int:pk>/fremmoede/", views.attendance_create, name="attendance-create"),
    # --- library
    path("bibliotek/", views.resource_list, name="resource-list"),
    path("bibliotek/ny/", views.resource_create, name="resource-create"),
    path("bibliotek/<slug:slug>/", views.resource_detail, name="resource-detail"),
    path("bibliotek/<slug:slug>/fil/", views.resource_download, name="resource-download"),
    path("bibliotek/<slug:slug>/rediger/", views.resource_update, name="resource-update"),
    # --- end library
    path("<slug:slug>/", views.network_detail, name="network-detail"),
    path("<slug:slug>/medlemmer/ny/", views.member_create, name="member-create"),
    path("<slug:slug>/medlemmer/<int:pk>/fjern/", views.member_delete, name="member-delete"),
    path("<slug:slug>/arbejdsplan/<int:year>/", views.workplan_update, name="workplan-update"),
]
