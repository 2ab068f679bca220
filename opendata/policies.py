from alliance import roles
from alliance.policy import Policy, register

from .models import ApiToken, DataPackage, Publication


@register(Publication, ApiToken, DataPackage)
class SecretariatDecidesPolicy(Policy):
    """What is public, who holds a key and which data packages are released: the secretariat's
    decisions alone. The public pages and the API read through `opendata.selectors`, not here."""

    def can_manage(self, user) -> bool:
        return roles.is_secretariat(user)
