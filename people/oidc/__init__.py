"""Sign-in with the municipality's own account (OpenID Connect, django-allauth's provider).

Two things differ from allauth's provider: a sign-in only reaches an account that exists already
(made by an invitation, people/services.py), matched on a verified e-mail address, and never makes
one or grants a role; and Microsoft Entra ID's multi-tenant issuer is checked against the tenant
the token names. Every ID token's signature is checked, also when it came straight from the token
endpoint."""

import jwt
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    _pick_data,
)
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest
from django.shortcuts import render

from alliance.models import User

from ..services import accept_invitation_by_sign_in

# Microsoft's multi-tenant discovery document names the issuer with this placeholder.
TENANT_PLACEHOLDER = "{tenantid}"


def tenant_issuer(issuer: str, id_token: str, tenants: list[str]) -> str:
    """The issuer a token must carry: the discovery document's, or for a multi-tenant (Entra)
    provider that one with the token's own tenant (`tid`) filled in, if the tenant is allowed."""
    if TENANT_PLACEHOLDER not in issuer:
        return issuer
    claims = jwt.decode(id_token, options={"verify_signature": False})
    tenant = str(claims.get("tid", ""))
    if not tenant or (tenants and tenant not in tenants):
        raise OAuth2Error("ID token from a tenant that is not allowed")
    return issuer.replace(TENANT_PLACEHOLDER, tenant)


class PortalOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app, id_token: str) -> dict:
        issuer = tenant_issuer(
            self.openid_config["issuer"], id_token, app.settings.get("tenants", [])
        )
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=issuer,
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


class PortalOIDCProvider(OpenIDConnectProvider):
    # Its login and callback URLs are ours (people/oidc/urls.py), with the adapter above.
    package = "people.oidc"
    oauth2_adapter_class = PortalOIDCAdapter

    def extract_email_addresses(self, data) -> list[EmailAddress]:
        """An address is verified if the provider says so: `email_verified`, or Entra ID's
        optional claim `xms_edov` (the e-mail's domain is verified by the tenant)."""
        claims = _pick_data(data)
        email = claims.get("email")
        if not email:
            return []
        verified = any(
            claims.get(name) in (True, "true", "True", 1, "1")
            for name in ("email_verified", "xms_edov")
        )
        return [EmailAddress(email=email, verified=verified, primary=True)]


def refuse(request: HttpRequest) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(render(request, "account/oidc_refused.html", status=403))


def invited_account(addresses: list[EmailAddress]) -> User | None:
    """The one active account whose e-mail is one of the verified addresses, if any."""
    verified = [a.email for a in addresses if a.verified]
    if not verified:
        return None
    for email in verified:
        found = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
        if len(found) == 1:
            return found[0]
    return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        """Connect a first sign-in to the invited account with its verified e-mail address, or
        refuse it with a Danish page. Roles come from the account, never from the provider."""
        if sociallogin.state.get("process") == "connect":
            # Linking happens on the first sign-in, by the verified address, and nowhere else.
            raise refuse(request)
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                raise refuse(request)
            return
        user = invited_account(sociallogin.email_addresses)
        if user is None:
            raise refuse(request)
        sociallogin.connect(request, user)
        accept_invitation_by_sign_in(user=user)
