"""The governance app's models, by concern: the bodies and their members (`bodies`), meetings
with their agendas (`meetings`), the development tracks (`tracks`) and the annual activity plan
(`activityplan`). Import them from here."""

from .activityplan import (  # noqa: F401
    NOT_NEGATIVE,
    ActivityPlan,
    FrameLine,
    PlannedActivity,
)
from .bodies import (  # noqa: F401
    CLOSED_ITEM_ROLES,
    Body,
    BodyRelation,
    Membership,
    MembershipQuerySet,
    Role,
    Seat,
)
from .meetings import (  # noqa: F401
    AgendaAttachment,
    AgendaItem,
    Attendance,
    FollowUp,
    FollowUpQuerySet,
    Meeting,
    MeetingPack,
    MeetingQuerySet,
    attachment_upload_to,
)
from .tracks import (  # noqa: F401
    DevelopmentTrack,
)
