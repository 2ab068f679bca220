"""Governance's forms by concern: `meetings` (meetings, items, attachments, decisions,
follow-ups, attendance, members), `activityplan` and `tracks`."""
