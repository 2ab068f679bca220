from opendata.models import ApiToken, DataPackage
from opendata.services import issue_token, release_data_package


def data_package() -> DataPackage:
    return DataPackage.objects.first() or release_data_package(year=2026, by=None)


def open_token() -> ApiToken:
    return (
        ApiToken.objects.filter(revoked_at__isnull=True).first()
        or issue_token(
            holder="Nationalt overvågningssystem", purpose="", scopes=["national_export"], by=None
        )[0]
    )
