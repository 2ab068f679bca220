from django.urls import path  # noqa: F401  (used as the sections fill in)

from .views import lists, plans, region  # noqa: F401

app_name = "actionplans"
urlpatterns = [
    # --- plans.py: plans, initiatives, tasks, progress updates
    # --- end plans.py
    # --- lists.py: tables, filters, exports, imports
    # --- end lists.py
    # --- region.py: overview, scorecard, peers, roll-up, reminders
    # --- end region.py
]
