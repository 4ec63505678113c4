"""With S3_BUCKET set, uploads, exports and generated letters live in an S3-compatible bucket (the
S3 server of moto, started here on 127.0.0.1; never a mock of the storage code): a letter's PDF is an
object named by its SHA-256, an object altered in the bucket is refused, an export waits there for
its owner, and the settings read from the environment reach the bucket."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.urls import reverse

from bangkom.core.stored import StoredContentDamaged, content_name
from bangkom.core.tests.exports import content_of, exported
from bangkom.documents.models import Document
from bangkom.documents.services import document_draft
from bangkom.documents.tests.test_engine import CONTENT

ROOT = Path(__file__).resolve().parents[3]
BUCKET = "bangkom-arsip"
KEYS = {"aws_access_key_id": "uji", "aws_secret_access_key": "rahasia-uji", "region_name": "us-east-1"}


@pytest.fixture
def s3() -> Iterator[Any]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the server's request lines
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, **KEYS)
    client.create_bucket(Bucket=BUCKET)
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "access_key": KEYS["aws_access_key_id"],
        "secret_key": KEYS["aws_secret_access_key"],
        "region_name": KEYS["region_name"],
        "default_acl": "private",
        "file_overwrite": False,
        "addressing_style": "path",
    }
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(STORAGES=storages):
            client.endpoint = endpoint  # type: ignore[attr-defined]
            yield client
    finally:
        server.stop()


def _keys(client: Any) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.django_db
def test_a_letter_is_kept_in_the_bucket_and_an_altered_object_is_refused(s3, users) -> None:
    document = document_draft(
        actor=users["admin"], kind="uji_surat", subject=users["admin"], title="Uji", context=CONTENT
    )
    stored = Document.objects.get(pk=document.pk)
    pdf = s3.get_object(Bucket=BUCKET, Key=stored.pdf_file.name)["Body"].read()
    assert pdf.startswith(b"%PDF") and stored.pdf_file.name == content_name("documents/pdf", pdf, "pdf")
    assert {stored.pdf_file.name, stored.docx_file.name} <= _keys(s3)
    assert stored.pdf == pdf
    client = Client()
    client.force_login(users["tspdi"])
    assert content_of(client.get(reverse("documents:download", args=[document.pk, "pdf"]))) == pdf
    s3.put_object(Bucket=BUCKET, Key=stored.pdf_file.name, Body=b"%PDF palsu")
    with pytest.raises(StoredContentDamaged):
        _ = Document.objects.get(pk=document.pk).pdf


@pytest.mark.django_db
def test_an_export_waits_in_the_bucket_for_its_owner(s3, users, people) -> None:
    client = Client()
    client.force_login(users["admin"])
    job, response = exported(client, reverse("people:export"))
    assert job.output_file.name.startswith("exports/") and job.output_file.name in _keys(s3)
    assert content_of(response).startswith(b"PK") and default_storage.exists(job.output_file.name)


def test_the_environment_settings_reach_the_bucket(s3, tmp_path) -> None:
    """`make run`'s settings with S3_* set: what the app stores is an object in the bucket."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3.endpoint,
        "S3_ACCESS_KEY": KEYS["aws_access_key_id"],
        "S3_SECRET_KEY": KEYS["aws_secret_access_key"],
        "S3_REGION": KEYS["region_name"],
        "S3_PREFIX": "bangkom",
    }
    script = (
        "import django; django.setup();"
        "from django.core.files.storage import default_storage as s;"
        "from bangkom.core.stored import content_store, content_read;"
        "n = content_store(s, 'documents/pdf', b'%PDF isi', 'pdf'); print(n, content_read(s, n))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout.split()
    assert out[0] == content_name("documents/pdf", b"%PDF isi", "pdf") and out[1] == "b'%PDF"
    assert f"bangkom/{out[0]}" in _keys(s3)
