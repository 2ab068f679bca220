from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.body_list, name="body-list"),
    path("mine/", views.my_bodies, name="mine"),
    path("<slug:slug>/", views.body_detail, name="body-detail"),
]
