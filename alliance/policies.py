from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from . import roles
from .models import GeneratedDocument, Job, User
from .policy import Policy, register, visible
from .services import job_kinds


@register(User)
class UserPolicy(Policy):
    """Accounts are managed by the secretariat."""


@register(Job)
class JobPolicy(Policy):
    """A job is seen by the person who asked for it, and by the secretariat."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        if not user.is_authenticated:
            return qs.none()
        return qs.filter(requested_by=user)


@register(GeneratedDocument)
class DocumentPolicy(Policy):
    """A document is seen by those who may see its subject: every version for kinds that follow
    their subject (profiles), approved (and formerly approved) versions only for documents that go through approval."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        if not roles.has_role(user):
            return qs.none()
        condition = Q(pk__in=[])
        for kind in job_kinds():
            subject_ids = visible(user, kind.subject_model).values("pk")
            of_kind = Q(
                kind=kind.name,
                subject_type=ContentType.objects.get_for_model(kind.subject_model),
                subject_id__in=subject_ids,
            )
            if not kind.visible_with_subject:
                # Approved versions, and the earlier approved ones they replaced.
                of_kind &= Q(
                    state__in=[GeneratedDocument.State.APPROVED, GeneratedDocument.State.SUPERSEDED]
                )
            condition |= of_kind
        return qs.filter(condition)
