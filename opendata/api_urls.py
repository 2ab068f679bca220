"""/api/v1/: the Ninja API's operations and our own documentation page. The API is public (a
token is checked by the API itself), so every operation opts out of the portal's login."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .api import api

patterns, _app, _namespace = api.urls
app_name = "api-v1"
for pattern in patterns:
    pattern.callback = login_not_required(pattern.callback)

urlpatterns = [*patterns, path("dokumentation/", views.api_docs, name="docs")]
