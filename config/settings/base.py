"""Settings shared by every environment; everything comes from the environment with safe defaults."""

import os
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
# matplotlib (charts in documents) keeps its font cache here, not in a home folder a service may lack.
os.environ.setdefault("MPLCONFIGDIR", str(VAR_DIR / "matplotlib"))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "bangkom.core",
    "bangkom.accounts",
    "bangkom.notifications",
    "bangkom.people",
    "bangkom.documents",
    "bangkom.selection",
    "bangkom.dispatch",
    "bangkom.planning",
    "bangkom.training",
    "bangkom.studies",
    "bangkom.workflow",
    "bangkom.desk",
    "bangkom.selfservice",
    "bangkom.api",
    "bangkom.siasn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "bangkom.core.middleware.UploadSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bangkom.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "bangkom.accounts.two_factor.TwoFactorMiddleware",
    "bangkom.core.middleware.DataAccessLogMiddleware",
    "bangkom.core.middleware.WaitingCountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bangkom.core.middleware.MethodNotAllowedPageMiddleware",
    "bangkom.core.middleware.StoredFileDamagedMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bangkom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bangkom.accounts.context_processors.navigation",
                "bangkom.documents.context_processors.agency_header",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bangkom.sqlite3'}"),
}
# Each worker keeps its PostgreSQL connection between requests (opening one costs the server a new
# backend process every request), checked before reuse so a restarted database is noticed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker write progress while the web server reads it.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A PostgreSQL replica (streaming replication) for the read-heavy pages: lists, the JP ledger, reports.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["bangkom.core.routers.ReplicaRouter"]
DATABASE_REPLICA_READS = "replica" in DATABASES
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "bangkom.accounts.access.CachedPermissionBackend",
    # The region's identity provider (OpenID Connect), when OIDC_* below are set; idle otherwise.
    "bangkom.accounts.oidc.NipOidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The reverse proxy (nginx) in front of the app: only from these addresses or networks is
# X-Forwarded-For believed (bangkom.core.net). Empty: the direct peer is the client.
BANGKOM_TRUSTED_PROXIES = env.list("BANGKOM_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "bangkom.core.net.client_address"
# One password failing for this many different user names within the cool-off is refused for all.
BANGKOM_SPRAY_USERNAMES = env.int("BANGKOM_SPRAY_USERNAMES", default=5)

# Two-factor log-in (TOTP): required for the administrator and for those who sign.
# A civil servant's activation code (a new account, or a forgotten password through the operator).
ACTIVATION_DAYS = env.int("ACTIVATION_DAYS", default=30)
ACTIVATION_MAX_FAILURES = env.int("ACTIVATION_MAX_FAILURES", default=5)
# A civil servant's learning report waits at most this many working days for its check, then it is
# flagged as late on the verifier's queue.
LEARNING_REPORT_WORKING_DAYS = env.int("LEARNING_REPORT_WORKING_DAYS", default=5)
BANGKOM_TWO_FACTOR_REQUIRED = env.bool("BANGKOM_TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Bangkom")

# Password reset mail ("lupa kata sandi"). Without EMAIL_URL, mail goes to the log only.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="bangkom@localhost")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): every script is a file served by the app, never inline.
# Styles allow inline attributes: the progress bar's width and htmx's indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "bangkom" / "static"]
# Uploaded documents live outside static and are served only through permission-checked views.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
# No URL route serves this prefix: documents are downloaded through a view that checks scope.
MEDIA_URL = "/media-not-served/"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads, exports and generated letters in an S3-compatible bucket (MinIO, Ceph, a cloud's object
# storage) when S3_BUCKET is set, so that several web and worker servers share them. Never public:
# every file is handed out by a view that checks who asks. Files are never overwritten (a generated
# letter is named by its SHA-256; another upload of the same name gets a name of its own).
if env("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "access_key": env("S3_ACCESS_KEY", default="") or None,
            "secret_key": env("S3_SECRET_KEY", default="") or None,
            "location": env("S3_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
        },
    }
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=False)

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
# Files at least this large (about 2,000 SIASN rows) are imported by the background worker.
IMPORT_BACKGROUND_BYTES = env.int("IMPORT_BACKGROUND_BYTES", default=1024 * 1024)

# A queued or running job with no progress for this long is marked stalled (its worker died).
JOB_STALL_MINUTES = env.int("JOB_STALL_MINUTES", default=30)
# An export's file (personal data) is kept this long for its owner to download, then removed.
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)

# Background work: the database queue (embedded default, `manage.py db_worker`) or RQ over Redis
# (`TASKS_BACKEND=rq`, `manage.py rqworker --job-class django_tasks_rq.Job default`) for several web
# and worker servers.
TASKS_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
TASKS_BACKEND = env("TASKS_BACKEND", default="database")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND), "QUEUES": ["default"]}}
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env.int("RQ_JOB_TIMEOUT", default=3600)}}

# The cache: in each process by default; shared by every server on Redis when CACHE_URL names one.
if env("CACHE_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("CACHE_URL"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }

BANGKOM_AGENCY_NAME = env("BANGKOM_AGENCY_NAME", default="Pemerintah Kabupaten Sukamaju")
# The letterhead and signature lines of generated letters and decrees.
BANGKOM_AGENCY_UNIT = env("BANGKOM_AGENCY_UNIT", default="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
BANGKOM_AGENCY_ADDRESS = env("BANGKOM_AGENCY_ADDRESS", default="Jalan Merdeka No. 1, Sukamaju 40111")
BANGKOM_AGENCY_PHONE = env("BANGKOM_AGENCY_PHONE", default="(0123) 456789")
BANGKOM_AGENCY_WEBSITE = env("BANGKOM_AGENCY_WEBSITE", default="bkpsdm.sukamajukab.go.id")
BANGKOM_AGENCY_EMAIL = env("BANGKOM_AGENCY_EMAIL", default="bkpsdm@sukamajukab.go.id")
BANGKOM_AGENCY_CITY = env("BANGKOM_AGENCY_CITY", default="Sukamaju")
BANGKOM_REGION_HEAD = env("BANGKOM_REGION_HEAD", default="Bupati Sukamaju")
# The address the public reaches this server at: certificates print it in their QR code.
# LibreOffice's converter (unoserver) that turns every DOCX into the PDF: where it listens, the Python
# that has LibreOffice's `uno` module (to start one), and how long one conversion may take.
BANGKOM_CONVERTER = env("BANGKOM_CONVERTER", default="127.0.0.1:2003")
BANGKOM_CONVERTER_PYTHON = env("BANGKOM_CONVERTER_PYTHON", default=str(BASE_DIR / ".venv/office/bin/python"))
BANGKOM_CONVERTER_TIMEOUT = env.int("BANGKOM_CONVERTER_TIMEOUT", default=300)
# Electronic signatures (documents/signing.py): "" (status only, "ttd."), "pkcs12" or "bsre". Keys and
# passphrases come from the environment only, never the database.
BANGKOM_SIGNING_BACKEND = env("BANGKOM_SIGNING_BACKEND", default="")
BANGKOM_SIGNING_PKCS12 = env("BANGKOM_SIGNING_PKCS12", default="")
BANGKOM_SIGNING_PKCS12_PASSPHRASE = env("BANGKOM_SIGNING_PKCS12_PASSPHRASE", default="")
BANGKOM_BSRE_URL = env("BANGKOM_BSRE_URL", default="")
BANGKOM_BSRE_USER = env("BANGKOM_BSRE_USER", default="")
BANGKOM_BSRE_PASSWORD = env("BANGKOM_BSRE_PASSWORD", default="")
# The certificates (PEM files) a PDF's signature must chain to for the verification page to trust it.
BANGKOM_SIGNING_TRUST_ROOTS = env.list("BANGKOM_SIGNING_TRUST_ROOTS", default=[])
BANGKOM_PUBLIC_URL = env("BANGKOM_PUBLIC_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # unoserver's client logs every conversion at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "unoserver": {"level": "WARNING"}},
}

# The REST API (bangkom.api): integration clients with their tokens, people with their session; JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "bangkom.api.authentication.ClientTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bangkom.api.permissions.AccessListed"],
    "DEFAULT_THROTTLE_CLASSES": ["bangkom.api.throttling.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "bangkom.api.endpoints.errors",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per minute for a person using the API with their session (a client has its own limit).
API_PERSON_RATE_PER_MINUTE = env.int("API_PERSON_RATE_PER_MINUTE", default=300)
SPECTACULAR_SETTINGS = {
    "TITLE": "Bangkom API",
    "DESCRIPTION": (
        "Data pegawai, rekap JP, program, sertifikat dan hasil seleksi; pencatatan riwayat diklat oleh sistem lain."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {
        "year": {"type": "integer", "minimum": 1900, "maximum": 2200},
        "nip": {"type": "string", "pattern": "^[0-9]{18}$"},
    },
    # The schema lists reference codes from the database, which `manage.py check` may run without
    # (before `migrate`); the suite generates and checks the schema instead (test_schema_conformance).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# BKN's SIASN web services (bangkom.siasn): the API gateway's and the SSO's token addresses and
# credentials; empty SIASN_API_URL: nothing is sent (the export file still works).
SIASN_API_URL = env("SIASN_API_URL", default="")
SIASN_APIM_TOKEN_URL = env("SIASN_APIM_TOKEN_URL", default="")
SIASN_SSO_TOKEN_URL = env("SIASN_SSO_TOKEN_URL", default="")
SIASN_CONSUMER_KEY = env("SIASN_CONSUMER_KEY", default="")
SIASN_CONSUMER_SECRET = env("SIASN_CONSUMER_SECRET", default="")
SIASN_SSO_CLIENT_ID = env("SIASN_SSO_CLIENT_ID", default="")
SIASN_SSO_USERNAME = env("SIASN_SSO_USERNAME", default="")
SIASN_SSO_PASSWORD = env("SIASN_SSO_PASSWORD", default="")
SIASN_INSTANSI_ID = env("SIASN_INSTANSI_ID", default="")  # the agency's instansi id on SIASN (RwKursus)
SIASN_TIMEOUT = env.float("SIASN_TIMEOUT", default=30)

# Log-in through the region's identity provider (OpenID Connect; bangkom.accounts.oidc). Empty: only
# Bangkom's own passwords. The provider must give the NIP in the claim OIDC_NIP_CLAIM.
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="") or None
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid profile")
OIDC_NIP_CLAIM = env("OIDC_NIP_CLAIM", default="nip")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="SSO daerah")
OIDC_CREATE_USER = False  # accounts are opened by the agency, never by a log-in
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
OIDC_USE_PKCE = True
