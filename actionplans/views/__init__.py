"""Views of the actionplans app, one module per area: plans.py (plans, initiatives, progress),
lists.py (tables, filters, exports, imports), region.py (the regional overview, scorecard,
roll-up and reminders)."""
