"""The stand-in for SIASN's web services, and the settings that point Bangkom at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from bangkom.siasn.tests import standin


@pytest.fixture
def siasn(settings: Any) -> Iterator[standin.Standin]:
    state, server = standin.start()
    settings.SIASN_API_URL = state.url
    settings.SIASN_APIM_TOKEN_URL = f"{state.url}/oauth2/token"
    settings.SIASN_SSO_TOKEN_URL = f"{state.url}/auth/realms/public-siasn/protocol/openid-connect/token"
    settings.SIASN_CONSUMER_KEY, settings.SIASN_CONSUMER_SECRET = standin.CONSUMER_KEY, standin.CONSUMER_SECRET
    settings.SIASN_SSO_CLIENT_ID, settings.SIASN_SSO_USERNAME = standin.SSO_CLIENT, standin.SSO_USER
    settings.SIASN_SSO_PASSWORD, settings.SIASN_INSTANSI_ID = standin.SSO_PASSWORD, "A5EB03E23CCCF6A0E040640A040252AD"
    settings.SIASN_TIMEOUT = 5
    cache.clear()
    yield state
    server.shutdown()
    server.server_close()
