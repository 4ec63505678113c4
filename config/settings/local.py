"""Settings for running on one's own machine: `make run`.

DEBUG stays off unless DJANGO_DEBUG=true, so that even the demo never shows a stack trace; static
files come straight from the app folders (no collectstatic needed)."""

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="bangkom-local-development-key-not-for-production")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
