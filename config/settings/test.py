"""Settings for the test suite (SQLite by default, PostgreSQL when DATABASE_URL says so)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bangkom-test-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 3
# Most tests log in with force_login; the two-factor tests turn the requirement on themselves.
BANGKOM_TWO_FACTOR_REQUIRED = False
