from django.urls import path

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
    path("<slug:slug>/", views.body_detail, name="body-detail"),
]
