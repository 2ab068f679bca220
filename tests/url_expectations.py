"""What each persona gets from every URL pattern, by GET and by POST.

Every named URL pattern of the project must have a row here; `test_url_roles.py` fails for a new URL
without one, and for a row whose URL no longer exists. Codes: a number is the HTTP status;
L is a redirect to the login page. Columns are the personas of `tests/conftest.py`.
A row's name may end in * to cover a family of generated URLs (the Django admin's).
"""

# URL arguments for rows whose kwargs are not the defaults of test_url_roles.kwargs_for: the
# objects are always municipality A's (so coordinator B is the outsider). `w` is the World of
# tests/conftest.py.
KWARGS = {
    # --- actionplans: plans.py
    # --- end plans.py
    # --- actionplans: lists.py
    # --- end lists.py
    # --- actionplans: region.py
    # --- end region.py
}

TABLE = """
# url name                              method anon norole secr coordA coordB member nonmember
home                                    GET    L    200    302  302    302    302    302
home                                    POST   L    200    302  302    302    302    302
public-home                             GET    200  200    200  200    200    200    200
health                                  GET    200  200    200  200    200    200    200
health                                  POST   405  405    405  405    405    405    405
account                                 GET    L    200    200  200    200    200    200
set_language                            GET    302  302    302  302    302    302    302
set_language                            POST   302  302    302  302    302    302    302
login                                   GET    200  302    302  302    302    302    302
login                                   POST   200  302    302  302    302    302    302
logout                                  GET    L    405    405  405    405    405    405
logout                                  POST   302  302    302  302    302    302    302
password_change                         GET    L    200    200  200    200    200    200
password_change                         POST   L    200    200  200    200    200    200
password_change_done                    GET    L    200    200  200    200    200    200
password_reset                          GET    200  200    200  200    200    200    200
password_reset                          POST   200  200    200  200    200    200    200
password_reset_done                     GET    200  200    200  200    200    200    200
password_reset_confirm                  GET    200  200    200  200    200    200    200
password_reset_confirm                  POST   200  200    200  200    200    200    200
password_reset_complete                 GET    200  200    200  200    200    200    200
job-detail                              GET    L    404    200  200    404    404    404
document-download                       GET    L    404    200  200    200    200    200
document-download                       POST   L    405    405  405    405    405    405
municipalities:list                     GET    L    200    200  200    200    200    200
municipalities:detail                   GET    L    404    200  200    200    200    200
municipalities:profile-generate         GET    L    405    405  405    405    405    405
municipalities:profile-generate         POST   L    404    302  302    302    302    302
governance:body-list                    GET    L    200    200  200    200    200    200
governance:mine                         GET    L    200    200  200    200    200    200
governance:body-detail                  GET    L    404    200  200    200    200    200
# --- actionplans: plans.py
# --- end plans.py
# --- actionplans: lists.py
# --- end lists.py
# --- actionplans: region.py
# --- end region.py
admin:login                             GET    200  200    200  200    200    200    200
admin:login                             POST   200  200    200  200    200    200    200
admin:logout                            POST   302  302    302  302    302    302    302
admin:*                                 GET    302  302    302  302    302    302    302
admin:*                                 POST   302  302    302  302    302    302    302
"""
