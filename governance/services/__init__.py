"""Governance's workflows by concern: `meetings` (agenda, attachments, decisions, attendance,
members, follow-ups), `packs` (the meeting pack and the minutes), `activityplan` and `tracks`."""
