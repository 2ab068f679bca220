"""The secretariat's acts on open data: issuing and revoking API keys, releasing a data package."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from municipalities.models import Municipality

from . import datapackage
from .models import ApiToken, DataPackage, Publication


def publication_for(municipality: Municipality) -> Publication:
    """The municipality's row, unsaved with the defaults (not public) until the secretariat
    decides."""
    try:
        return municipality.publication
    except Publication.DoesNotExist:
        return Publication(municipality=municipality)


def issue_token(*, holder: str, purpose: str, scopes: list[str], by) -> tuple[ApiToken, str]:
    """A new token and its key. The key is returned once, to be shown once; only its hash is
    kept."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        holder=holder,
        purpose=purpose,
        scopes=sorted(scopes),
        key_hash=ApiToken.hash_key(key),
        key_hint=key[:8],
        created_by=by,
    )
    return token, key


def revoke_token(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


@transaction.atomic
def release_data_package(*, year: int, by) -> DataPackage:
    """The public data as it stands now, frozen as the next version of the year's package: the
    file and its checksum first, then the row (a failed write leaves no row)."""
    latest = DataPackage.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
    version = latest + 1
    content = datapackage.build_zip(year=year, version=version)
    package = DataPackage(
        year=year,
        version=version,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        published_by=by,
    )
    package.file.save(package.filename, ContentFile(content), save=False)
    package.save()
    return package
