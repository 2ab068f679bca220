"""Governance's views by concern: bodies, meetings (the calendar, meetings, attendance, members),
agenda items (with attachments, decisions, follow-ups and the decision log), packs and minutes, the
activity plan and the development tracks. `pages` holds what they share."""
