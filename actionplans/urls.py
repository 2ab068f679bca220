from django.urls import path

from .views import lists, plans, region, vocabulary

app_name = "actionplans"
urlpatterns = [
    # --- plans.py: plans, initiatives, tasks, progress updates
    path("planer/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("planer/<int:pk>/rediger/", plans.plan_update, name="plan-update"),
    path("kommuner/<int:code>/ny-plan/", plans.plan_create, name="plan-create"),
    path("planer/<int:pk>/ny-indsats/", plans.initiative_create, name="initiative-create"),
    path("indsatser/<int:pk>/", plans.initiative_detail, name="initiative-detail"),
    path("indsatser/<int:pk>/rediger/", plans.initiative_update, name="initiative-update"),
    path("indsatser/<int:pk>/ny-milepael/", plans.task_create, name="task-create"),
    path("milepaele/<int:pk>/afslut/", plans.task_complete, name="task-complete"),
    path("indsatser/<int:pk>/statusopdatering/", plans.progress_create, name="progress-create"),
    # Last, so that the URL × role test, which POSTs in this order, revises A's plan only after
    # the other URLs have used it.
    path("planer/<int:pk>/ny-version/", plans.plan_revise, name="plan-revise"),
    # --- end plans.py
    # --- vocabulary.py: themes and indicators
    path("temaer/", vocabulary.theme_list, name="theme-list"),
    path("temaer/nyt/", vocabulary.theme_create, name="theme-create"),
    path("temaer/<slug:slug>/", vocabulary.theme_update, name="theme-update"),
    path("kommuner/<int:code>/indikatorer/", vocabulary.indicator_list, name="indicator-list"),
    path(
        "kommuner/<int:code>/indikatorer/ny/", vocabulary.indicator_create, name="indicator-create"
    ),
    path("indikatorer/<int:pk>/", vocabulary.indicator_update, name="indicator-update"),
    path(
        "kommuner/<int:code>/indikatorer/vaerdier/",
        vocabulary.indicator_values_export,
        name="indicator-values-export",
    ),
    path(
        "kommuner/<int:code>/indikatorer/import/",
        vocabulary.indicator_values_import,
        name="indicator-values-import",
    ),
    path(
        "kommuner/<int:code>/indikatorer/import/forhaandsvisning/",
        vocabulary.indicator_values_import_preview,
        name="indicator-values-import-preview",
    ),
    path(
        "kommuner/<int:code>/indikatorer/import/gem/",
        vocabulary.indicator_values_import_confirm,
        name="indicator-values-import-confirm",
    ),
    # --- end vocabulary.py
    # --- lists.py: tables, filters, exports, imports
    path("indsatser/", lists.InitiativeListView.as_view(), name="initiative-list"),
    path("planer/", lists.PlanListView.as_view(), name="plan-list"),
    path("milepaele/", lists.TaskListView.as_view(), name="task-list"),
    path("opdateringer/", lists.UpdateListView.as_view(), name="update-list"),
    path("indsatser/import/", lists.initiative_import, name="initiative-import"),
    path(
        "indsatser/import/forhaandsvisning/",
        lists.initiative_import_preview,
        name="initiative-import-preview",
    ),
    path(
        "indsatser/import/gem/", lists.initiative_import_confirm, name="initiative-import-confirm"
    ),
    path(
        "indsatser/import/skabelon.xlsx/",
        lists.initiative_import_template,
        name="initiative-import-template",
    ),
    path("udledninger/import/", lists.emissions_import, name="emissions-import"),
    path(
        "udledninger/import/forhaandsvisning/",
        lists.emissions_import_preview,
        name="emissions-import-preview",
    ),
    path(
        "udledninger/import/gem/", lists.emissions_import_confirm, name="emissions-import-confirm"
    ),
    path("national-eksport/", lists.national_export, name="national-export"),
    # --- end lists.py
    # --- region.py: overview, scorecard, peers, roll-up, reminders
    path("region/", region.region_overview, name="region-overview"),
    path("region/scorecard/", region.region_scorecard, name="region-scorecard"),
    path("region/maal/", region.region_rollup, name="region-rollup"),
    path("region/sammenlign/", region.region_compare, name="region-compare"),
    path("indsatser/<int:pk>/ligesindede/", region.initiative_peers, name="initiative-peers"),
    path("paamindelser/", region.reminder_list, name="reminder-list"),
    path("paamindelser/regler/", region.freshness_update, name="freshness-update"),
    # --- end region.py
]
