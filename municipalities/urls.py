from django.urls import path

from . import views

app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("profiler/", views.profiles_generate, name="profiles-generate"),
    path("<int:code>/", views.municipality_detail, name="detail"),
    path("<int:code>/profil/", views.profile_generate, name="profile-generate"),
]
