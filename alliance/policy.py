"""The permission policy: the one place that answers "may this user see/edit this object" and
"which objects of this kind may this user see/edit".

Each app registers a `Policy` for each of its models (in its `policies.py`, imported by its
AppConfig). Views, lists, exports and downloads fetch objects only through `visible()` /
`editable()` or the `get_*_or_404` helpers. An object outside the user's scope is a 404 (no
existence leak): on pages that read, outside what they may see; on URLs that change an object,
outside what they may change, so a coordinator reaching another municipality's edit URL gets 404
like any outsider. 403 is for actions a user's role does not allow at all (e.g. a coordinator
importing emission accounts, which only the secretariat does).

Rights to act on a kind as a whole live on the policy too, next to the scopes: `can_create` (by
default the secretariat's, like the default scope) and named rights where a page asks something
else (`can_export`, `can_import`, `can_manage`, ...). Views ask them through `can` / `can_create`
and refuse with `require` / `require_create`, so "who may do X" is answered in `<app>/policies.py`.
"""

from collections.abc import Iterable
from typing import NoReturn

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from . import roles


class Policy:
    """Default: the secretariat sees and edits everything; nobody else sees anything."""

    def scope(self, user, qs: QuerySet) -> QuerySet:
        return qs if roles.is_secretariat(user) else qs.none()

    def editable_scope(self, user, qs: QuerySet) -> QuerySet:
        return qs if roles.is_secretariat(user) else qs.none()

    def can_view(self, user, obj: models.Model) -> bool:
        return self.scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def can_edit(self, user, obj: models.Model) -> bool:
        return self.editable_scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def can_create(self, user) -> bool:
        """Whether the user may add objects of this kind on their own (not as part of a parent
        object they may edit, which `editable_scope` answers)."""
        return roles.is_secretariat(user)


class RoleHolderReadsPolicy(Policy):
    """Anyone with a role reads; the secretariat edits."""

    def scope(self, user, qs):
        return qs if roles.has_role(user) else qs.none()

    def can_view(self, user, obj):
        return roles.has_role(user)

    def can_read(self, user) -> bool:
        """For pages that sum up the kind as a whole rather than show one object."""
        return roles.has_role(user)


_registry: dict[type[models.Model], Policy] = {}


def register(*model_classes: type[models.Model]):
    def decorator(policy_class: type[Policy]) -> type[Policy]:
        for model in model_classes:
            _registry[model] = policy_class()
        return policy_class

    return decorator


def policy_for(model: type[models.Model]) -> Policy:
    try:
        return _registry[model]
    except KeyError:
        # No rule written means no access for anyone but the secretariat.
        return Policy()


def registered_models() -> Iterable[type[models.Model]]:
    return _registry.keys()


def _queryset(model_or_qs) -> QuerySet:
    if isinstance(model_or_qs, QuerySet):
        return model_or_qs
    if isinstance(model_or_qs, str):  # "app_label.Model", for callers below the app in the layers
        model_or_qs = apps.get_model(model_or_qs)
    return model_or_qs._default_manager.all()


def visible(user, model_or_qs) -> QuerySet:
    qs = _queryset(model_or_qs)
    return policy_for(qs.model).scope(user, qs)


def editable(user, model_or_qs) -> QuerySet:
    qs = _queryset(model_or_qs)
    return policy_for(qs.model).editable_scope(user, qs)


def can_view(user, obj: models.Model) -> bool:
    return policy_for(type(obj)).can_view(user, obj)


def can_edit(user, obj: models.Model) -> bool:
    return policy_for(type(obj)).can_edit(user, obj)


def can(user, action: str, model) -> bool:
    """Whether the user may do `action` with the model's kind: the policy's `can_<action>`."""
    return getattr(policy_for(_queryset(model).model), f"can_{action}")(user)


def can_create(user, model) -> bool:
    return can(user, "create", model)


def refuse(user) -> NoReturn:
    """Refuses an action the user may not do: someone without any role gets 404 like any page
    they may not see (no existence leak); a role holder whose role does not allow it gets 403."""
    if roles.has_role(user):
        raise PermissionDenied
    raise Http404


def require(user, action: str, model) -> None:
    if not can(user, action, model):
        refuse(user)


def require_create(user, model) -> None:
    require(user, "create", model)


def get_visible_or_404(user, model_or_qs, **lookup) -> models.Model:
    try:
        return visible(user, model_or_qs).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_editable_or_404(user, model_or_qs, **lookup) -> models.Model:
    """The object, if this user may change it; 404 otherwise (whether or not they may read it)."""
    try:
        return editable(user, model_or_qs).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc
