"""Production settings: refuse to start without secrets, and pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SECRET = "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="bangkom.example.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_or_hosts() -> None:
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="bangkom.example.go.id")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
    result = run_manage("check", DJANGO_SECRET_KEY=SECRET)
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_server_error_shows_no_stack_trace(db, client, settings, monkeypatch) -> None:
    from django.urls import reverse

    settings.DEBUG = False
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("bangkom.core.views.home_snapshot", broken)
    from bangkom.accounts.models import User

    client.force_login(User.objects.create_user("someone", password="x-secret-123"))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan sistem" in body
    assert "secret internal detail" not in body and "Traceback" not in body
