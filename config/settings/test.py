"""Settings for the test suite (SQLite by default, PostgreSQL when DATABASE_URL says so)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "bangkom-test-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Background work runs at once in the test's own process. The job tests run once more on each real
# backend (`make test`, CI): TASKS_BACKEND=database (the database queue and its worker) and
# TASKS_BACKEND=rq (RQ over the Redis on 127.0.0.1), each drained by its worker in the test process.
TASKS_BACKEND = env("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if TASKS_BACKEND == "rq":
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", default="redis://127.0.0.1:6379/15")}}
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 3
# Most tests log in with force_login; the two-factor tests turn the requirement on themselves.
BANGKOM_TWO_FACTOR_REQUIRED = False

# On PostgreSQL a second database stands for the replica: the routing test fills it itself and turns
# replica reads on; every other test reads the primary.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["replica"] = {
        **DATABASES["default"],
        "NAME": f"{DATABASES['default']['NAME']}_replica",
        # Its tables come from the models as they are: a replica is never migrated, it copies the primary.
        "TEST": {"MIGRATE": False},
    }
DATABASE_REPLICA_READS = False
