from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from . import roles
from .models import GeneratedDocument, Job, User
from .policy import Policy, register, visible
from .services import job_kind, job_kinds


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
        return _readable(user, qs, job_kinds())


def _readable(user, documents, kinds, subject=None):
    """The rule: `documents` of `kinds` (about `subject`, if given) that `user` may read."""
    if roles.is_secretariat(user):
        return documents
    if not roles.has_role(user):
        return documents.none()
    condition = Q(pk__in=[])
    for kind in kinds:
        subjects = visible(user, kind.subject_model)
        if subject is not None:
            subjects = subjects.filter(pk=subject.pk)
        condition |= _of_kind(kind, subjects.values("pk"))
    return documents.filter(condition)


def _of_kind(kind, subject_ids) -> Q:
    """Documents of `kind` about the subjects `subject_ids`, as a reader who sees those subjects
    sees them."""
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
    return of_kind


def visible_documents(user, subject, kind_name: str) -> QuerySet[GeneratedDocument]:
    """The versions of one kind of document about one subject that `user` may see: the rule of
    `DocumentPolicy` for that kind alone (building it for every kind costs a page milliseconds)."""
    documents = GeneratedDocument.objects.for_subject(subject).filter(kind=kind_name)
    return _readable(user, documents, [job_kind(kind_name)], subject)
