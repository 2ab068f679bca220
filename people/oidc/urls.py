"""The OpenID Connect login and callback, as allauth's provider has them, with our adapter."""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.http import Http404
from django.urls import include, path, re_path

from . import PortalOIDCAdapter


def provider_view(view_class):
    """allauth's view for the provider named in the address; an unknown provider is 404."""

    @login_not_required
    def view(request, provider_id):
        try:
            return view_class.adapter_view(PortalOIDCAdapter(request, provider_id))(request)
        except SocialApp.DoesNotExist as missing:
            raise Http404 from missing

    return view


login = provider_view(OAuth2LoginView)
callback = provider_view(OAuth2CallbackView)


urlpatterns = [
    re_path(
        r"^oidc/(?P<provider_id>[^/]+)/",
        include(
            [
                path("login/", login, name="openid_connect_login"),
                path("login/callback/", callback, name="openid_connect_callback"),
            ]
        ),
    )
]
