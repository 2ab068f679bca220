"""Settings for the portal, configured only through environment variables (see .env.example)."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default=False)
# A development key only exists in debug mode; production must set SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "alliance",
    "municipalities",
    "actionplans",
    "networks",
    "governance",
    "fundraising",
    "reports",
    "people",
    "opendata",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "corsheaders",
    # Accounts (issue 18): login, two-factor (TOTP and recovery codes), sign-in with the
    # municipality's own account (OpenID Connect) and the list of one's sessions.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Lookups several parts of a page ask for, made once per request (alliance/requestcache.py).
    "alliance.requestcache.RequestCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks; it answers only CORS_URLS_REGEX.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alliance.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout, absolute lifetime, and the second factor the secretariat and staff must have.
    "alliance.accounts.SessionLifetimeMiddleware",
    "alliance.accounts.RequireSecondFactorMiddleware",
    # After the session and the user: its 400 page is the portal's page, with the user's menu.
    "alliance.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `number` (alliance/formatting.py) is how every page and PDF shows an amount.
            "builtins": ["alliance.templatetags.numbers"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "alliance.context_processors.navigation",
            ],
        },
    }
]

# The embedded default is a SQLite file; production and CI set a PostgreSQL URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Without this, the first request after a PostgreSQL restart is a server error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# One transaction per request: a save and its history row (django-simple-history writes it in a
# signal, as a second statement) commit together, so a request cut off between the two (PostgreSQL
# restarting, a worker killed) leaves no row without its history. bin/faults checks this.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "alliance.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public-home"

# --- Accounts (django-allauth). People log in with their e-mail address; nobody signs up: the
# secretariat invites (people/), and an OpenID Connect sign-in only reaches an existing account.
ACCOUNT_ADAPTER = "alliance.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
# A password reset link does not tell whether an address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_MIN_LENGTH = 12
# Login throttling is django-axes' (below and alliance/throttling.py), counted per account and per
# address, and checked first (alliance/accounts.py); allauth's own limits stay on for what axes
# does not see (reset mails, two-factor codes: AXES_FAILURE_LIMIT per user in 5 minutes).
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Before a sensitive change (a new second factor, a new password) the password or a code from the
# app, never a code sent by mail: a mailbox is not a second factor.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Klimaalliancen"
SOCIALACCOUNT_ADAPTER = "people.oidc.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# Sessions are listed from the row made at login; last-seen tracking would write on every request.
USERSESSIONS_TRACK_ACTIVITY = False

# OpenID Connect providers, from the environment. Microsoft Entra ID is multi-tenant ("organizations":
# any municipality's tenant), optionally narrowed to ENTRA_TENANTS (tenant IDs); OIDC_* is any other
# provider (its discovery document is read from OIDC_SERVER_URL). Unset: no such button.
OIDC_APPS = []
if env("ENTRA_CLIENT_ID", default=""):
    OIDC_APPS.append(
        {
            "provider_id": "entra",
            "name": "Microsoft Entra ID",
            "client_id": env("ENTRA_CLIENT_ID"),
            "secret": env("ENTRA_CLIENT_SECRET"),
            "settings": {
                "server_url": env(
                    "ENTRA_SERVER_URL",
                    default="https://login.microsoftonline.com/organizations/v2.0",
                ),
                "tenants": env.list("ENTRA_TENANTS", default=[]),
                # The ID token carries the claims Entra vouches for (xms_edov: a verified domain).
                "fetch_userinfo": False,
                "scope": ["openid", "profile", "email"],
            },
        }
    )
if env("OIDC_CLIENT_ID", default=""):
    OIDC_APPS.append(
        {
            "provider_id": env("OIDC_PROVIDER_ID", default="oidc"),
            "name": env("OIDC_NAME", default="OpenID Connect"),
            "client_id": env("OIDC_CLIENT_ID"),
            "secret": env("OIDC_CLIENT_SECRET"),
            "settings": {"server_url": env("OIDC_SERVER_URL")},
        }
    )
OIDC_ORIGINS = sorted({origin(app["settings"]["server_url"]) for app in OIDC_APPS})
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # Ours, for the Entra multi-tenant issuer and a signature check on every ID token.
        "provider_class": "people.oidc.PortalOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": OIDC_APPS,
    }
}

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the login
# whatever the activity (alliance/accounts.py); "log out everywhere" is on the sessions page.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
# An account is locked after 5 failed logins from one address; an address after 20 failed logins
# whatever the accounts (alliance/throttling.py), for an hour.
AXES_HANDLER = "alliance.throttling.AccountAndAddressHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = 1  # hours
# allauth counts failed logins too (what axes does not see: two-factor codes): the same limit per
# account in 5 minutes, merged into its other defaults.
ACCOUNT_RATE_LIMITS = {"login_failed": f"10/m/ip,{AXES_FAILURE_LIMIT}/300s/key"}
AXES_VERBOSE = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form's field is allauth's `login`; axes counts failures per typed address and client
# address.
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "alliance.throttling.login_name"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
# Unambiguous dates and a 24-hour clock in both languages (English would otherwise be American).
FORMAT_MODULE_PATH = ["alliance.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages are installed by npm and served from node_modules: nothing is copied by hand.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# In development and tests, look files up on request instead of indexing every file at start-up
# (the test client starts the middleware for each client).
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Media files are never served by URL: every download goes through a permission-checked view.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

REDIS_URL = env("REDIS_URL", default="")
# Cached fragments of pages (alliance/fragments.py); off only to measure the uncached path (bin/bench).
FRAGMENT_CACHE = env.bool("FRAGMENT_CACHE", default=True)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- The open-data API (opendata/api.py). Requests per client address and per token ("n/s",
# "n/m", "n/h"), counted in the cache above (locmem or Redis); past the rate: 429 with Retry-After.
API_RATE_PER_ADDRESS = env("API_RATE_PER_ADDRESS", default="120/m")
API_RATE_PER_TOKEN = env("API_RATE_PER_TOKEN", default="600/m")
# Any web site may read the public part of the API from a browser; the restricted part (the
# national export under /api/v1/export/) and every page of the portal send no CORS headers.
CORS_URLS_REGEX = r"^/api/v1/(?!export/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Email: the console by default, SMTP when EMAIL_URL says so (smtp+tls://user:pass@host:587).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Klimaalliancen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SECRETARIAT_EMAIL = env("SECRETARIAT_EMAIL", default="sekretariat@localhost")

# --- People and personal data (people/). An invitation link works this many days, once.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
# Retention periods in days, enforced every night (people/retention.py). Login attempts are kept
# for investigating attacks; reminder logs for answering "was I told?"; finished background jobs
# for support; the personal fields of history rows for the accountability of changes.
RETENTION_LOGIN_ATTEMPTS_DAYS = env.int("RETENTION_LOGIN_ATTEMPTS_DAYS", default=90)
RETENTION_REMINDERS_DAYS = env.int("RETENTION_REMINDERS_DAYS", default=730)
RETENTION_JOBS_DAYS = env.int("RETENTION_JOBS_DAYS", default=180)
RETENTION_HISTORY_DAYS = env.int("RETENTION_HISTORY_DAYS", default=1825)
# The accessibility statement (tilgængelighedserklæring) as the Agency for Digital Government's
# WAS tool publishes it. Unset: the footer says so to the secretariat and links nothing.
ACCESSIBILITY_STATEMENT_URL = env("ACCESSIBILITY_STATEMENT_URL", default="")

# --- Celery: a database row is the truth about every job; Redis holds nothing we cannot lose.
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without Redis (the embedded default) jobs run in-process, right after the request's commit.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=270)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Above the hard time limit, so a running task is never handed to a second worker.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 60,
    # Sweep for unacknowledged messages of dead workers every 10 s instead of ~100 s.
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# WeasyPrint keeps memory until the process exits: recycle pool processes.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000  # KiB
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-jobs": {"task": "alliance.tasks.sweep_jobs", "schedule": 60.0},
    # Daily at 07:00 Copenhagen time (CELERY_TIMEZONE): one e-mail per person with every
    # reminder due (alliance.digest gathers them from each app's digest source).
    "send-digests": {
        "task": "alliance.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Nightly, before anyone works: personal data past its retention period goes (people/retention.py).
    "apply-retention": {
        "task": "people.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # Nightly: the status report's kept layouts older than a month (reports/pdf.py).
    "prune-report-layouts": {
        "task": "reports.tasks.prune_layouts",
        "schedule": crontab(hour=3, minute=45),
    },
}
JOB_MAX_ATTEMPTS = 3
# The status report lays out its sections in parallel Celery tasks (reports/pdf.py); off: one
# process renders them in turn (same document).
REPORT_PARALLEL = env.bool("REPORT_PARALLEL", default=True)
JOB_REQUEUE_AFTER_SECONDS = env.int("JOB_REQUEUE_AFTER_SECONDS", default=120)

# --- Security. HTTPS is on in production (DEBUG off) unless explicitly turned off for a local stack.
HTTPS = env.bool("HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are bound to this exact host and only sent over HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
# The cookie and the stored session last as long as the idle timeout; each request within it
# renews them (at most once a minute, alliance/accounts.py), the absolute lifetime caps them.
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Signing in with OpenID Connect posts to the portal, which sends the browser on to the
        # provider: a form's redirect must be allowed to reach it.
        "form-action": ["'self'", *OIDC_ORIGINS],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/dkfds_table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
