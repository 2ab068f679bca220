"""What each persona gets from every URL pattern, by GET and by POST.

Every named URL pattern of the project must have a row here; `test_url_roles.py` fails for a new URL
without one, and for a row whose URL no longer exists. Codes: a number is the HTTP status;
L is a redirect to the login page. Columns are the personas of `tests/conftest.py`.
A row's name may end in * to cover a family of generated URLs (the Django admin's).
"""

from alliance.digest import unsubscribe_token
from alliance.feeds import feed_token

from .opendata.factories import data_package, open_token
from .people.factories import open_invitation
from .reports.factories import add_reports, report_document

# URL arguments for rows whose kwargs are not the defaults of test_url_roles.kwargs_for: the
# objects are always municipality A's (so coordinator B is the outsider). `w` is the World of
# tests/conftest.py.
KWARGS = {
    # --- actionplans: plans.py
    "actionplans:plan-detail": lambda w: {"pk": w.plan_a.pk},
    "actionplans:plan-update": lambda w: {"pk": w.plan_a.pk},
    "actionplans:plan-revise": lambda w: {"pk": w.plan_a.pk},
    "actionplans:plan-create": lambda w: {"code": w.municipality_a.code},
    "actionplans:initiative-create": lambda w: {"pk": w.plan_a.pk},
    "actionplans:initiative-detail": lambda w: {"pk": w.initiative_a.pk},
    "actionplans:initiative-update": lambda w: {"pk": w.initiative_a.pk},
    "actionplans:task-create": lambda w: {"pk": w.initiative_a.pk},
    "actionplans:task-complete": lambda w: {"pk": w.initiative_a.tasks.first().pk},
    "actionplans:progress-create": lambda w: {"pk": w.initiative_a.pk},
    # --- end plans.py
    # --- actionplans: vocabulary.py
    "actionplans:theme-update": lambda w: {"slug": w.theme.slug},
    "actionplans:indicator-update": lambda w: {"pk": w.indicator_a.pk},
    # --- end vocabulary.py
    # --- actionplans: lists.py
    # --- end lists.py
    # --- actionplans: region.py
    "actionplans:initiative-peers": lambda w: {"pk": w.initiative_a.pk},
    # --- end region.py
    # --- networks
    "networks:network-detail": lambda w: {"slug": w.network.slug},
    "networks:member-create": lambda w: {"slug": w.network.slug},
    "networks:member-delete": lambda w: {"slug": w.network.slug, "pk": w.network_member.pk},
    "networks:workplan-update": lambda w: {"slug": w.network.slug, "year": 2026},
    "networks:vip-detail": lambda w: {"slug": w.vip_project.slug},
    "networks:activity-detail": lambda w: {"pk": w.activity.pk},
    "networks:activity-update": lambda w: {"pk": w.activity.pk},
    "networks:attendance-create": lambda w: {"pk": w.activity.pk},
    # --- end networks
    # --- feeds: the member's secret feed address (alliance/feeds.py)
    "networks:activity-feed-token": lambda w: {"token": feed_token(w.users["member"])},
    "digest-unsubscribe": lambda w: {"token": unsubscribe_token(w.users["member"])},
    # --- end feeds
    # --- opendata
    "opendata:datapackage-download": lambda w: {
        "year": data_package().year,
        "version": data_package().version,
    },
    "opendata:token-revoke": lambda w: {"pk": open_token().pk},
    # --- end opendata
    # --- accounts (django-allauth): a made-up key, and the OpenID Connect provider of the tests
    "account_confirm_email": lambda w: {"key": "ukendt"},
    "account_reset_password_from_key": lambda w: {"uidb36": "1", "key": "set-password"},
    "openid_connect_login": lambda w: {"provider_id": "oidc"},
    "openid_connect_callback": lambda w: {"provider_id": "oidc"},
    "people:second-factor-reset": lambda w: {"pk": w.users["norole"].pk},
    # --- end accounts
    # --- library
    "networks:resource-detail": lambda w: {"slug": w.resource_public.slug},
    "networks:resource-download": lambda w: {"slug": w.resource_public.slug},
    "networks:resource-update": lambda w: {"slug": w.resource_public.slug},
    # --- end library
    # --- tracks
    "governance:track-detail": lambda w: {"pk": w.track.pk},
    "governance:track-update": lambda w: {"pk": w.track.pk},
    "governance:track-state": lambda w: {"pk": w.track.pk},
    # --- end tracks
    # --- activity plans
    **{
        f"governance:{name}": (lambda w: {"year": w.activity_plan.year})
        for name in (
            "activityplan-detail",
            "activityplan-update",
            "activityplan-frame",
            "activityplan-prefill",
            "activityplan-activity-create",
            "activityplan-generate",
            "activityplan-submit",
            "activityplan-agenda",
        )
    },
    "governance:activityplan-activity-update": lambda w: {"pk": w.planned_activity.pk},
    "governance:activityplan-activity-delete": lambda w: {"pk": w.planned_activity.pk},
    # --- end activity plans
    # --- meetings
    **{
        f"governance:{name}": (lambda w: {"pk": w.meeting_x.pk})
        for name in (
            "meeting-detail",
            "meeting-update",
            "meeting-held",
            "pack-build",
            "pack-publish",
            "minutes-build",
            "minutes-item",
            "attendance",
            "item-create",
            "item-reuse",
        )
    },
    **{
        f"governance:{name}": (lambda w: {"pk": w.item_x.pk})
        for name in (
            "item-detail",
            "item-update",
            "item-reorder",
            "item-move",
            "item-link",
            "item-decision",
            "attachment-create",
            "follow-up-create",
        )
    },
    **{
        f"governance:{name}": (lambda w: {"pk": w.attachment_x.pk})
        for name in ("attachment-download", "attachment-replace", "attachment-delete")
    },
    "governance:follow-up-update": lambda w: {"pk": w.follow_up_x.pk},
    "governance:meeting-ics-token": lambda w: {"token": feed_token(w.users["member"])},
    "governance:membership-update": lambda w: {"pk": w.membership_x.pk},
    # --- end meetings
    # --- fundraising
    "fundraising:call-detail": lambda w: {"pk": w.call.pk},
    "fundraising:call-update": lambda w: {"pk": w.call.pk},
    "fundraising:source-update": lambda w: {"pk": w.funding_source.pk},
    "fundraising:application-detail": lambda w: {"pk": w.application_a.pk},
    "fundraising:application-update": lambda w: {"pk": w.application_a.pk},
    "fundraising:application-state": lambda w: {"pk": w.application_a.pk},
    "fundraising:partner-create": lambda w: {"pk": w.application_a.pk},
    "fundraising:document-create": lambda w: {"pk": w.application_a.pk},
    "fundraising:partner-update": lambda w: {"pk": w.partner_a.pk},
    "fundraising:partner-delete": lambda w: {"pk": w.partner_region.pk},
    "fundraising:document-download": lambda w: {"pk": w.application_document.pk},
    # --- end fundraising
    # --- reports: the open round is 2026, the closed round with its report 2025; A is the
    # municipality in a round.
    **{
        f"reports:{name}": (lambda w: {"year": add_reports(w).round_open.year})
        for name in ("round-detail", "round-remind", "round-close", "report-draft")
    },
    **{
        f"reports:{name}": (
            lambda w: {"year": add_reports(w).round_open.year, "code": w.municipality_a.code}
        )
        for name in ("municipality-round", "municipality-mark")
    },
    **{
        f"reports:{name}": (lambda w: {"year": add_reports(w).round_closed.year})
        for name in ("report-detail", "report-narrative", "report-build", "factsheets-build")
    },
    "reports:report-submit": lambda w: {
        "year": add_reports(w).round_closed.year,
        "pk": report_document(w).pk,
    },
    # --- end reports
    # --- people: the person is the account without a role (so no persona loses its own access)
    **{
        f"people:{name}": (lambda w: {"pk": w.users["norole"].pk})
        for name in (
            "person-detail",
            "invitation-resend",
            "person-deactivate",
            "handover-create",
            "person-export",
            "person-erase",
        )
    },
    "people:invitation-accept": lambda w: {"token": open_invitation(w)},
    # --- end people
}

TABLE = """
# url name                              method anon norole secr coordA coordB member nonmember
home                                    GET    L    200    200  200    200    200    200
home                                    POST   L    200    200  200    200    200    200
public-home                             GET    200  200    200  200    200    200    200
health                                  GET    200  200    200  200    200    200    200
health                                  POST   405  405    405  405    405    405    405
account                                 GET    L    200    200  200    200    200    200
set_language                            GET    302  302    302  302    302    302    302
set_language                            POST   302  302    302  302    302    302    302
# --- accounts (django-allauth): login, password, two-factor, sessions, OpenID Connect. Nobody
# signs up (the closed-signup page, 200; logged in: 302). Logging out asks first on GET. The
# e-mail page goes to "Min konto" (the address is the secretariat's to change). Two-factor pages
# for what the account does not have (recovery codes, deactivation) are 404, new recovery codes
# without an authenticator app are refused on the form (200); reauthentication by a code sent by
# mail is switched off (403); the sign-in stage
# without a login in progress goes back (302). No OpenID Connect provider is configured here, so
# its URLs are 404 (journeys: tests/browser/test_account_journeys.py).
logout-everywhere                       GET    L    405    405  405    405    405    405
logout-everywhere                       POST   L    302    302  302    302    302    302
account_login                           GET    200  302    302  302    302    302    302
account_login                           POST   200  302    302  302    302    302    302
account_logout                          GET    302  200    200  200    200    200    200
account_logout                          POST   302  302    302  302    302    302    302
account_inactive                        GET    200  200    200  200    200    200    200
account_inactive                        POST   405  405    405  405    405    405    405
account_signup                          GET    200  302    302  302    302    302    302
account_signup                          POST   200  302    302  302    302    302    302
account_reauthenticate                  GET    L    200    200  200    200    200    200
account_reauthenticate                  POST   L    200    200  200    200    200    200
account_email                           GET    L    302    302  302    302    302    302
account_email                           POST   L    302    302  302    302    302    302
account_email_verification_sent         GET    200  200    200  200    200    200    200
account_email_verification_sent         POST   405  405    405  405    405    405    405
account_change_password                 GET    L    200    200  200    200    200    200
account_change_password                 POST   L    200    200  200    200    200    200
account_set_password                    GET    L    302    302  302    302    302    302
account_set_password                    POST   L    302    302  302    302    302    302
account_reset_password                  GET    200  200    200  200    200    200    200
account_reset_password                  POST   200  200    200  200    200    200    200
account_request_reauthentication_code   GET    L    403    403  403    403    403    403
account_request_reauthentication_code   POST   L    403    403  403    403    403    403
account_confirm_reauthentication_code   GET    L    403    403  403    403    403    403
account_confirm_reauthentication_code   POST   L    403    403  403    403    403    403
account_confirm_login_code              GET    L    302    302  302    302    302    302
account_confirm_login_code              POST   L    302    302  302    302    302    302
account_confirm_email                   GET    200  200    200  200    200    200    200
account_confirm_email                   POST   404  404    404  404    404    404    404
account_reset_password_from_key_done    GET    200  200    200  200    200    200    200
account_reset_password_from_key_done    POST   405  405    405  405    405    405    405
account_reset_password_from_key         GET    200  200    200  200    200    200    200
account_reset_password_from_key         POST   200  200    200  200    200    200    200
account_reset_password_done             GET    200  200    200  200    200    200    200
account_reset_password_done             POST   405  405    405  405    405    405    405
mfa_index                               GET    L    200    200  200    200    200    200
mfa_index                               POST   L    405    405  405    405    405    405
mfa_authenticate                        GET    L    302    302  302    302    302    302
mfa_authenticate                        POST   L    302    302  302    302    302    302
mfa_reauthenticate                      GET    L    302    302  302    302    302    302
mfa_reauthenticate                      POST   L    302    302  302    302    302    302
mfa_activate_totp                       GET    L    200    200  200    200    200    200
mfa_activate_totp                       POST   L    200    200  200    200    200    200
mfa_deactivate_totp                     GET    L    404    404  404    404    404    404
mfa_deactivate_totp                     POST   L    404    404  404    404    404    404
mfa_view_recovery_codes                 GET    L    404    404  404    404    404    404
mfa_view_recovery_codes                 POST   L    405    405  405    405    405    405
mfa_generate_recovery_codes             GET    L    200    200  200    200    200    200
mfa_generate_recovery_codes             POST   L    200    200  200    200    200    200
mfa_download_recovery_codes             GET    L    404    404  404    404    404    404
mfa_download_recovery_codes             POST   L    404    404  404    404    404    404
usersessions_list                       GET    L    200    200  200    200    200    200
usersessions_list                       POST   L    302    302  302    302    302    302
socialaccount_login_cancelled           GET    200  200    200  200    200    200    200
socialaccount_login_cancelled           POST   405  405    405  405    405    405    405
socialaccount_login_error               GET    L    401    401  401    401    401    401
socialaccount_login_error               POST   L    405    405  405    405    405    405
socialaccount_signup                    GET    L    302    302  302    302    302    302
socialaccount_signup                    POST   L    302    302  302    302    302    302
socialaccount_connections               GET    L    200    200  200    200    200    200
socialaccount_connections               POST   L    200    200  200    200    200    200
openid_connect_login                    GET    404  404    404  404    404    404    404
openid_connect_login                    POST   404  404    404  404    404    404    404
openid_connect_callback                 GET    404  404    404  404    404    404    404
openid_connect_callback                 POST   404  404    404  404    404    404    404
# --- end accounts
people:second-factor-reset              GET    L    405    405  405    405    405    405
people:second-factor-reset              POST   L    404    302  403    403    403    403
job-detail                              GET    L    404    200  200    404    404    404
document-download                       GET    L    404    200  200    200    200    200
document-download                       POST   L    405    405  405    405    405    405
municipalities:list                     GET    L    200    200  200    200    200    200
municipalities:profiles-generate        GET    L    405    405  405    405    405    405
municipalities:profiles-generate        POST   L    404    302  403    403    403    403
municipalities:detail                   GET    L    404    200  200    200    200    200
municipalities:profile-generate         GET    L    405    405  405    405    405    405
municipalities:profile-generate         POST   L    404    302  302    404    404    404
governance:body-list                    GET    L    200    200  200    200    200    200
governance:mine                         GET    L    200    200  200    200    200    200
governance:body-detail                  GET    L    404    200  200    200    200    200
# --- actionplans: plans.py
# Everyone with a role reads plans and initiatives; the secretariat and A's coordinator change A's;
# for B's coordinator and members A's edit URLs are outside what they may change (404). A POST with no fields
# re-shows a form with its errors (200). A already has a plan, so plan-create goes to it (302).
actionplans:plan-detail                 GET    L    404    200  200    200    200    200
actionplans:plan-update                 GET    L    404    200  200    404    404    404
actionplans:plan-update                 POST   L    404    200  200    404    404    404
actionplans:plan-revise                 GET    L    405    405  405    405    405    405
actionplans:plan-revise                 POST   L    404    302  302    404    404    404
actionplans:plan-create                 GET    L    404    302  302    404    404    404
actionplans:plan-create                 POST   L    404    302  302    404    404    404
actionplans:initiative-create           GET    L    404    200  200    404    404    404
actionplans:initiative-create           POST   L    404    200  200    404    404    404
actionplans:initiative-detail           GET    L    404    200  200    200    200    200
actionplans:initiative-update           GET    L    404    200  200    404    404    404
actionplans:initiative-update           POST   L    404    200  200    404    404    404
actionplans:task-create                 GET    L    404    200  200    404    404    404
actionplans:task-create                 POST   L    404    200  200    404    404    404
actionplans:task-complete               GET    L    405    405  405    405    405    405
actionplans:task-complete               POST   L    404    302  302    404    404    404
actionplans:progress-create             GET    L    404    200  200    404    404    404
actionplans:progress-create             POST   L    404    200  200    404    404    404
# --- end plans.py
# --- actionplans: vocabulary.py
# The theme vocabulary is read by all with a role and edited by the secretariat only (403 for the
# other roles on "new theme"; a theme's edit URL is outside their scope: 404). Indicators are
# edited by the secretariat and the municipality's own coordinator.
actionplans:theme-list                  GET    L    200    200  200    200    200    200
actionplans:theme-create                GET    L    404    200  403    403    403    403
actionplans:theme-create                POST   L    404    200  403    403    403    403
actionplans:theme-update                GET    L    404    200  404    404    404    404
actionplans:theme-update                POST   L    404    200  404    404    404    404
actionplans:indicator-list              GET    L    404    200  200    200    200    200
actionplans:indicator-create            GET    L    404    200  200    404    404    404
actionplans:indicator-create            POST   L    404    200  200    404    404    404
actionplans:indicator-update            GET    L    404    200  200    404    404    404
actionplans:indicator-update            POST   L    404    200  200    404    404    404
# Indicator values as a spreadsheet: read by all with a role, imported by the editors of the
# municipality's indicators (the preview and confirmation go back to the upload without a file).
actionplans:indicator-values-export     GET    L    404    200  200    200    200    200
actionplans:indicator-values-import     GET    L    404    200  200    404    404    404
actionplans:indicator-values-import     POST   L    404    200  200    404    404    404
actionplans:indicator-values-import-preview GET L  404    302  302    404    404    404
actionplans:indicator-values-import-confirm GET L  405    405  405    405    405    405
actionplans:indicator-values-import-confirm POST L 404    302  302    404    404    404
# --- end vocabulary.py
# --- actionplans: lists.py
# Lists and the national export: everyone with a role reads every municipality's plan data; an
# account without a role gets an empty list. Imports: the secretariat and coordinators (into
# their own plans) import initiatives, only the secretariat imports emissions; a read-only member
# is refused (403), an account without a role is an outsider (404). Preview and confirm redirect
# back to the upload when nothing has been uploaded.
actionplans:initiative-list             GET    L    200    200  200    200    200    200
actionplans:plan-list                   GET    L    200    200  200    200    200    200
actionplans:task-list                   GET    L    200    200  200    200    200    200
actionplans:update-list                 GET    L    200    200  200    200    200    200
actionplans:initiative-import           GET    L    404    200  200    200    403    403
actionplans:initiative-import           POST   L    404    200  200    200    403    403
actionplans:initiative-import-preview   GET    L    404    302  302    302    403    403
actionplans:initiative-import-confirm   GET    L    405    405  405    405    405    405
actionplans:initiative-import-confirm   POST   L    404    302  302    302    403    403
actionplans:initiative-import-template  GET    L    404    200  200    200    403    403
actionplans:emissions-import            GET    L    404    200  403    403    403    403
actionplans:emissions-import            POST   L    404    200  403    403    403    403
actionplans:emissions-import-preview    GET    L    404    302  403    403    403    403
actionplans:emissions-import-confirm    GET    L    405    405  405    405    405    405
actionplans:emissions-import-confirm    POST   L    404    302  403    403    403    403
actionplans:national-export             GET    L    200    200  200    200    200    200
# --- end lists.py
# --- actionplans: region.py
# Learning across borders: everyone with a role reads the regional pages (an account without a role
# sees them empty); only the secretariat sees and edits the freshness thresholds.
actionplans:region-overview             GET    L    200    200  200    200    200    200
actionplans:region-scorecard            GET    L    200    200  200    200    200    200
actionplans:region-rollup               GET    L    200    200  200    200    200    200
actionplans:region-compare              GET    L    200    200  200    200    200    200
actionplans:initiative-peers            GET    L    404    200  200    200    200    200
actionplans:reminder-list               GET    L    200    200  200    200    200    200
actionplans:freshness-update            GET    L    404    200  404    404    404    404
actionplans:freshness-update            POST   L    404    200  404    404    404    404
# --- end region.py
# --- networks
# Everyone with a role reads the networks, VIP projects and activities (an account without a role
# gets empty lists and 404 on objects); only the secretariat edits. Registering an activity is an
# action other roles may not do at all (403); the edit URLs of existing objects are outside what
# they may change (404). A POST with no fields re-shows the form with its errors (200).
networks:network-list                   GET    L    200    200  200    200    200    200
networks:network-detail                 GET    L    404    200  200    200    200    200
networks:member-create                  GET    L    404    200  404    404    404    404
networks:member-create                  POST   L    404    200  404    404    404    404
networks:member-delete                  GET    L    405    405  405    405    405    405
networks:member-delete                  POST   L    404    302  404    404    404    404
networks:workplan-update                GET    L    404    200  404    404    404    404
networks:workplan-update                POST   L    404    200  404    404    404    404
networks:vip-list                       GET    L    200    200  200    200    200    200
networks:vip-detail                     GET    L    404    200  200    200    200    200
networks:activity-list                  GET    L    200    200  200    200    200    200
networks:activity-feed                  GET    L    200    200  200    200    200    200
networks:activity-create                GET    L    404    200  403    403    403    403
networks:activity-create                POST   L    404    200  403    403    403    403
networks:activity-detail                GET    L    404    200  200    200    200    200
networks:activity-update                GET    L    404    200  404    404    404    404
networks:activity-update                POST   L    404    200  404    404    404    404
networks:attendance-create              GET    L    404    200  404    404    404    404
networks:attendance-create              POST   L    404    200  404    404    404    404
# --- end networks
# --- feeds
# A secret feed address works without a session, for whoever holds it (here the member's; the
# persona's own login does not matter). Bad and renewed tokens: tests/networks/test_feed.py.
networks:activity-feed-token            GET    200  200    200  200    200    200    200
networks:activity-feed-token            POST   405  405    405  405    405    405    405
feed-renew                              GET    L    405    405  405    405    405    405
feed-renew                              POST   L    302    302  302    302    302    302
digest-preference-update                GET    L    200    200  200    200    200    200
digest-preference-update                POST   L    200    200  200    200    200    200
digest-unsubscribe                      GET    200  200    200  200    200    200    200
digest-unsubscribe                      POST   200  200    200  200    200    200    200
# --- end feeds
# --- library
# The library is public: its list, a public resource's page and file need no login. Only the
# secretariat adds (other roles 403, an account without a role 404) and edits (404 for the rest).
# (The internal resource's 404 for anonymous/no-role is tested in tests/networks/test_library.py.)
networks:resource-list                  GET    200  200    200  200    200    200    200
networks:resource-detail                GET    200  200    200  200    200    200    200
networks:resource-download              GET    200  200    200  200    200    200    200
networks:resource-create                GET    L    404    200  403    403    403    403
networks:resource-create                POST   L    404    200  403    403    403    403
networks:resource-update                GET    L    404    200  404    404    404    404
networks:resource-update                POST   L    404    200  404    404    404    404
# --- end library
# --- tracks
# Everyone with a role reads the development tracks (no role: empty list, 404 on a track); only the
# secretariat registers one (other roles 403), edits one or changes its state (404 for the rest:
# outside what they may change). A POST with no fields re-shows the form with its errors (200).
governance:track-list                   GET    L    200    200  200    200    200    200
governance:track-detail                 GET    L    404    200  200    200    200    200
governance:track-create                 GET    L    404    200  403    403    403    403
governance:track-create                 POST   L    404    200  403    403    403    403
governance:track-update                 GET    L    404    200  404    404    404    404
governance:track-update                 POST   L    404    200  404    404    404    404
governance:track-state                  GET    L    405    405  405    405    405    405
governance:track-state                  POST   L    404    200  404    404    404    404
# --- activity plans
# The world's plan for 2026 is a draft (no approved version): only the secretariat sees it; members
# and coordinators read a plan once a version is approved (tests/governance/test_activityplan.py),
# so here they get 404 like outsiders. Only the secretariat starts a plan (others 403).
governance:activityplan-list            GET    L    200    200  200    200    200    200
governance:activityplan-create          GET    L    404    200  403    403    403    403
governance:activityplan-create          POST   L    404    200  403    403    403    403
governance:activityplan-detail          GET    L    404    200  404    404    404    404
governance:activityplan-update          GET    L    404    200  404    404    404    404
governance:activityplan-update          POST   L    404    200  404    404    404    404
governance:activityplan-frame           GET    L    404    200  404    404    404    404
governance:activityplan-frame           POST   L    404    200  404    404    404    404
governance:activityplan-prefill         GET    L    405    405  405    405    405    405
governance:activityplan-prefill         POST   L    404    302  404    404    404    404
governance:activityplan-activity-create GET    L    404    200  404    404    404    404
governance:activityplan-activity-create POST   L    404    200  404    404    404    404
governance:activityplan-activity-update GET    L    404    200  404    404    404    404
governance:activityplan-activity-update POST   L    404    200  404    404    404    404
governance:activityplan-activity-delete GET    L    405    405  405    405    405    405
governance:activityplan-activity-delete POST   L    404    302  404    404    404    404
governance:activityplan-generate        GET    L    405    405  405    405    405    405
governance:activityplan-generate        POST   L    404    302  404    404    404    404
governance:activityplan-submit          GET    L    405    405  405    405    405    405
governance:activityplan-submit          POST   L    404    302  404    404    404    404
governance:activityplan-agenda          GET    L    404    200  404    404    404    404
governance:activityplan-agenda          POST   L    404    200  404    404    404    404
# --- end activity plans
# --- meetings (meeting_x of body X is published; item_x is an open decision item on it)
governance:meeting-list                 GET    L    200    200  200    200    200    200
governance:meeting-ics                  GET    L    200    200  200    200    200    200
governance:meeting-ics                  POST   L    405    405  405    405    405    405
governance:meeting-ics-token            GET    200  200    200  200    200    200    200
governance:meeting-ics-token            POST   405  405    405  405    405    405    405
governance:meeting-detail               GET    L    404    200  404    404    200    404
governance:meeting-update               GET    L    404    200  404    404    404    404
governance:meeting-update               POST   L    404    200  404    404    404    404
governance:meeting-create               GET    L    404    200  403    403    403    403
governance:meeting-create               POST   L    404    200  403    403    403    403
governance:meeting-held                 GET    L    405    405  405    405    405    405
governance:meeting-held                 POST   L    404    302  404    404    404    404
governance:pack-build                   GET    L    405    405  405    405    405    405
governance:pack-build                   POST   L    404    302  404    404    404    404
governance:pack-publish                 GET    L    405    405  405    405    405    405
governance:pack-publish                 POST   L    404    302  404    404    404    404
governance:minutes-build                GET    L    405    405  405    405    405    405
governance:minutes-build                POST   L    404    302  404    404    404    404
governance:minutes-item                 GET    L    405    405  405    405    405    405
governance:minutes-item                 POST   L    404    302  404    404    404    404
governance:attendance                   GET    L    404    200  404    404    404    404
governance:attendance                   POST   L    404    302  404    404    404    404
governance:item-create                  GET    L    404    200  404    404    404    404
governance:item-create                  POST   L    404    200  404    404    404    404
governance:item-reuse                   GET    L    404    200  404    404    404    404
governance:item-reuse                   POST   L    404    200  404    404    404    404
governance:item-detail                  GET    L    404    200  404    404    200    404
governance:item-update                  GET    L    404    200  404    404    404    404
governance:item-update                  POST   L    404    200  404    404    404    404
governance:item-reorder                 GET    L    405    405  405    405    405    405
governance:item-reorder                 POST   L    404    302  404    404    404    404
governance:item-move                    GET    L    404    200  404    404    404    404
governance:item-move                    POST   L    404    200  404    404    404    404
governance:item-link                    GET    L    404    200  404    404    404    404
governance:item-link                    POST   L    404    302  404    404    404    404
governance:item-decision                GET    L    404    200  404    404    404    404
governance:item-decision                POST   L    404    200  404    404    404    404
governance:attachment-create            GET    L    404    200  404    404    404    404
governance:attachment-create            POST   L    404    200  404    404    404    404
governance:attachment-download          GET    L    404    200  404    404    200    404
governance:attachment-download          POST   L    405    405  405    405    405    405
governance:attachment-replace           GET    L    404    200  404    404    404    404
governance:attachment-replace           POST   L    404    200  404    404    404    404
governance:attachment-delete            GET    L    405    405  405    405    405    405
governance:attachment-delete            POST   L    404    302  404    404    404    404
governance:follow-up-create             GET    L    404    200  404    404    404    404
governance:follow-up-create             POST   L    404    200  404    404    404    404
governance:follow-up-update             GET    L    404    200  404    404    404    404
governance:follow-up-update             POST   L    404    200  404    404    404    404
governance:decision-log                 GET    L    200    200  200    200    200    200
governance:membership-create            GET    L    404    200  403    403    403    403
governance:membership-create            POST   L    404    200  403    403    403    403
governance:membership-update            GET    L    404    200  404    404    404    404
governance:membership-update            POST   L    404    200  404    404    404    404
# --- end meetings
# --- end tracks
# --- fundraising
# Sources, calls and the alliance's finances are read by everyone with a role (no role: empty lists,
# 404 on objects and on the finance pages); only the secretariat registers (others 403) and edits
# (404: outside what they may change). Applications are for the secretariat and coordinators: a
# member's role does not include them (403 on the lists), an account without a role is an outsider
# (404). Application A has A as applicant and Region Hovedstaden as partner: B's coordinator and
# members get 404 on it. A's coordinator reads it and edits only A's own partner row (share and
# notes); the region's row (partner-delete) is outside what they may change (404).
fundraising:call-list                   GET    L    200    200  200    200    200    200
fundraising:call-feed                   GET    L    200    200  200    200    200    200
fundraising:call-create                 GET    L    404    200  403    403    403    403
fundraising:call-create                 POST   L    404    200  403    403    403    403
fundraising:call-detail                 GET    L    404    200  200    200    200    200
fundraising:call-update                 GET    L    404    200  404    404    404    404
fundraising:call-update                 POST   L    404    200  404    404    404    404
fundraising:source-list                 GET    L    200    200  200    200    200    200
fundraising:source-create               GET    L    404    200  403    403    403    403
fundraising:source-create               POST   L    404    200  403    403    403    403
fundraising:source-update               GET    L    404    200  404    404    404    404
fundraising:source-update               POST   L    404    200  404    404    404    404
fundraising:application-list            GET    L    404    200  200    200    403    403
fundraising:application-board           GET    L    404    200  200    200    403    403
fundraising:application-totals          GET    L    404    200  200    200    403    403
fundraising:application-create          GET    L    404    200  403    403    403    403
fundraising:application-create          POST   L    404    200  403    403    403    403
fundraising:application-detail          GET    L    404    200  200    404    404    404
fundraising:application-update          GET    L    404    200  404    404    404    404
fundraising:application-update          POST   L    404    200  404    404    404    404
fundraising:application-state           GET    L    405    405  405    405    405    405
fundraising:application-state           POST   L    404    200  404    404    404    404
fundraising:partner-create              GET    L    404    200  404    404    404    404
fundraising:partner-create              POST   L    404    200  404    404    404    404
fundraising:document-create             GET    L    404    200  404    404    404    404
fundraising:document-create             POST   L    404    200  404    404    404    404
fundraising:partner-update              GET    L    404    200  200    404    404    404
fundraising:partner-update              POST   L    404    200  200    404    404    404
fundraising:document-download           GET    L    404    200  200    404    404    404
fundraising:partner-delete              GET    L    405    405  405    405    405    405
fundraising:partner-delete              POST   L    404    302  404    404    404    404
fundraising:finance-summary             GET    L    404    200  200    200    200    200
fundraising:finance-export              GET    L    404    200  200    200    200    200
# --- end fundraising
# --- reports
# Rounds and the status report are the secretariat's (other roles 403, no role 404). A round's page
# for a municipality (what to update, "mark as reported") is for its own coordinators and the
# secretariat: everyone else 404, so no other municipality's unreported data is shown. POSTs with
# no fields re-show a form (200); remind, close, mark and build redirect (302).
reports:round-list                      GET    L    404    200  403    403    403    403
reports:round-create                    GET    L    404    200  403    403    403    403
reports:round-create                    POST   L    404    200  403    403    403    403
reports:round-detail                    GET    L    404    200  403    403    403    403
reports:round-remind                    GET    L    405    405  405    405    405    405
reports:round-remind                    POST   L    404    302  403    403    403    403
reports:round-close                     GET    L    405    405  405    405    405    405
reports:round-close                     POST   L    404    302  403    403    403    403
reports:report-draft                    GET    L    405    405  405    405    405    405
reports:report-draft                    POST   L    404    302  403    403    403    403
reports:municipality-round              GET    L    404    200  200    404    404    404
reports:municipality-mark               GET    L    405    405  405    405    405    405
reports:municipality-mark               POST   L    404    302  302    404    404    404
reports:report-detail                   GET    L    404    200  403    403    403    403
reports:report-narrative                GET    L    404    200  403    403    403    403
reports:report-narrative                POST   L    404    200  403    403    403    403
reports:report-build                    GET    L    405    405  405    405    405    405
reports:report-build                    POST   L    404    302  403    403    403    403
reports:factsheets-build                GET    L    405    405  405    405    405    405
reports:factsheets-build                POST   L    404    302  403    403    403    403
reports:report-submit                   GET    L    404    200  403    403    403    403
reports:report-submit                   POST   L    404    200  403    403    403    403
# --- end reports
# The admin's login is the portal's (with its second factor): anonymous visitors are sent there,
# a logged-in account without staff access is refused.
admin:login                             GET    L    403    403  403    403    403    403
admin:login                             POST   L    403    403  403    403    403    403
admin:logout                            POST   302  302    302  302    302    302    302
admin:*                                 GET    302  302    302  302    302    302    302
admin:*                                 POST   302  302    302  302    302    302    302
# --- people: accounts and personal data are the secretariat's (role holders 403, an account without
# a role 404). A POST with no fields re-shows a form with its errors (200). The invitation link, the
# privacy page and the cookie page are public.
people:person-list                      GET    L    404    200  403    403    403    403
people:person-list                      POST   L    405    405  405    405    405    405
people:person-create                    GET    L    404    200  403    403    403    403
people:person-create                    POST   L    404    200  403    403    403    403
people:person-detail                    GET    L    404    200  403    403    403    403
people:person-detail                    POST   L    405    405  405    405    405    405
people:invitation-resend                GET    L    405    405  405    405    405    405
people:invitation-resend                POST   L    404    302  403    403    403    403
people:person-deactivate                GET    L    405    405  405    405    405    405
people:person-deactivate                POST   L    404    302  403    403    403    403
people:handover-create                  GET    L    404    200  403    403    403    403
people:handover-create                  POST   L    404    200  403    403    403    403
people:person-export                    GET    L    404    200  403    403    403    403
people:person-export                    POST   L    405    405  405    405    405    405
people:person-erase                     GET    L    404    200  403    403    403    403
people:person-erase                     POST   L    404    200  403    403    403    403
people:invitation-accept                GET    200  200    200  200    200    200    200
people:invitation-accept                POST   200  200    200  200    200    200    200
people:privacy                          GET    200  200    200  200    200    200    200
people:privacy                          POST   405  405    405  405    405    405    405
people:privacy-update                   GET    L    404    200  403    403    403    403
people:privacy-update                   POST   L    404    200  403    403    403    403
people:cookies                          GET    200  200    200  200    200    200    200
people:cookies                          POST   405  405    405  405    405    405    405
# --- opendata: the public pages and the API need no login; what is public, the API keys and the
# data packages' releases are the secretariat's (role holders 403, an account without a role 404).
# The API's national export needs a token (401 without, whoever is logged in: the API reads no
# session). An empty POST re-shows the publication form (200); revoking redirects (302).
opendata:region                         GET    200  200    200  200    200    200    200
opendata:region                         POST   405  405    405  405    405    405    405
opendata:municipality                   GET    200  200    200  200    200    200    200
opendata:municipality                   POST   405  405    405  405    405    405    405
opendata:datapackage-list               GET    200  200    200  200    200    200    200
opendata:datapackage-list               POST   405  405    405  405    405    405    405
opendata:datapackage-download           GET    200  200    200  200    200    200    200
opendata:datapackage-download           POST   405  405    405  405    405    405    405
opendata:datapackage-release            GET    L    405    405  405    405    405    405
opendata:datapackage-release            POST   L    404    302  403    403    403    403
opendata:publication-list               GET    L    404    200  403    403    403    403
opendata:publication-update             GET    L    404    200  403    403    403    403
opendata:publication-update             POST   L    404    200  403    403    403    403
opendata:token-list                     GET    L    404    200  403    403    403    403
opendata:token-list                     POST   L    404    200  403    403    403    403
opendata:token-revoke                   GET    L    405    405  405    405    405    405
opendata:token-revoke                   POST   L    404    302  403    403    403    403
api-v1:docs                             GET    200  200    200  200    200    200    200
api-v1:docs                             POST   405  405    405  405    405    405    405
api-v1:openapi-json                     GET    200  200    200  200    200    200    200
api-v1:openapi-json                     POST   200  200    200  200    200    200    200
api-v1:api-root                         GET    404  404    404  404    404    404    404
api-v1:api-root                         POST   404  404    404  404    404    404    404
api-v1:municipality_list                GET    200  200    200  200    200    200    200
api-v1:municipality_detail              GET    200  200    200  200    200    200    200
api-v1:plan_list                        GET    200  200    200  200    200    200    200
api-v1:initiative_list                  GET    200  200    200  200    200    200    200
api-v1:emission_list                    GET    200  200    200  200    200    200    200
api-v1:theme_list                       GET    200  200    200  200    200    200    200
api-v1:national_export                  GET    401  401    401  401    401    401    401
api-v1:national_export_initiatives_csv  GET    401  401    401  401    401    401    401
api-v1:national_export_indicator_values_csv GET 401 401    401  401    401    401    401
api-v1:*                                POST   405  405    405  405    405    405    405
"""
