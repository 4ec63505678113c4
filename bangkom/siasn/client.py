"""A client for BKN's SIASN web services, configured by URL and credentials in the environment.

SIASN's API gateway (WSO2 API Manager) and its single sign-on (Keycloak) each hand out a bearer
token; every call carries both: `Authorization: Bearer <gateway token>` and `Auth: bearer <SSO
token>`. The gateway token comes from `POST <SIASN_APIM_TOKEN_URL>` with the consumer key and secret
(HTTP Basic, grant_type=client_credentials), the SSO token from `POST <SIASN_SSO_TOKEN_URL>` with
the client id, user name and password (grant_type=password). Writes answer
`{"success": …, "message": …, "mapData": {"rwKursusId" | "rwDiklatId": …}}`, reads `{"data": …}`.
(Paths and shapes as documented by BKN's published Swagger definitions and the public SDKs for them;
docs/architecture.md names the sources.)"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

COURSE_SAVE = "/apisiasn/1.0/kursus/save"
STRUCTURAL_SAVE = "/apisiasn/1.0/diklat/save"
MAIN_DATA = "/apisiasn/1.0/pns/data-utama/{nip}"
RANK_HISTORY = "/apisiasn/1.0/pns/rw-golongan/{nip}"
EDUCATION_HISTORY = "/apisiasn/1.0/pns/rw-pendidikan/{nip}"
TOKEN_MARGIN_SECONDS = 30  # a token is renewed this long before SIASN says it expires


class SiasnUnavailable(Exception):
    """SIASN could not be reached or failed on its side (network, 5xx, 429): try again later."""


class SiasnRefused(Exception):
    """SIASN answered and refused the request; the message is SIASN's own."""


@dataclass(frozen=True)
class SiasnSettings:
    api_url: str
    apim_token_url: str
    sso_token_url: str
    consumer_key: str
    consumer_secret: str
    sso_client_id: str
    sso_username: str
    sso_password: str
    timeout: float

    @classmethod
    def from_settings(cls) -> SiasnSettings:
        return cls(
            api_url=settings.SIASN_API_URL.rstrip("/"),
            apim_token_url=settings.SIASN_APIM_TOKEN_URL,
            sso_token_url=settings.SIASN_SSO_TOKEN_URL,
            consumer_key=settings.SIASN_CONSUMER_KEY,
            consumer_secret=settings.SIASN_CONSUMER_SECRET,
            sso_client_id=settings.SIASN_SSO_CLIENT_ID,
            sso_username=settings.SIASN_SSO_USERNAME,
            sso_password=settings.SIASN_SSO_PASSWORD,
            timeout=settings.SIASN_TIMEOUT,
        )

    @property
    def complete(self) -> bool:
        return all((self.api_url, self.apim_token_url, self.sso_token_url, self.consumer_key, self.sso_username))


def configured() -> bool:
    return SiasnSettings.from_settings().complete


class SiasnClient:
    def __init__(self, config: SiasnSettings | None = None) -> None:
        self.config = config or SiasnSettings.from_settings()
        if not self.config.complete:
            raise SiasnUnavailable(_("Koneksi SIASN belum diatur (SIASN_API_URL dan kredensialnya)."))

    # --- The calls ---------------------------------------------------------------------------------

    def save_course(self, body: dict[str, Any]) -> str:
        return self._saved(self._call("POST", COURSE_SAVE, body), "rwKursusId")

    def save_structural(self, body: dict[str, Any]) -> str:
        return self._saved(self._call("POST", STRUCTURAL_SAVE, body), "rwDiklatId")

    def main_data(self, nip: str) -> dict[str, Any]:
        answer = self._call("GET", MAIN_DATA.format(nip=urllib.parse.quote(nip, safe="")))
        data = answer.get("data")
        if not isinstance(data, dict) or not data:
            raise SiasnRefused(str(answer.get("message") or _("SIASN tidak mengenal NIP %(nip)s.") % {"nip": nip}))
        return data

    def rank_history(self, nip: str) -> list[dict[str, Any]]:
        """riwayat.RWGolonganResponse rows."""
        return self._rows(RANK_HISTORY.format(nip=urllib.parse.quote(nip, safe="")))

    def education_history(self, nip: str) -> list[dict[str, Any]]:
        """riwayat.RwPendidikanResponse rows."""
        return self._rows(EDUCATION_HISTORY.format(nip=urllib.parse.quote(nip, safe="")))

    def _rows(self, path: str) -> list[dict[str, Any]]:
        data = self._call("GET", path).get("data")
        return [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []

    @staticmethod
    def _saved(answer: dict[str, Any], key: str) -> str:
        found = (answer.get("mapData") or {}).get(key) if isinstance(answer.get("mapData"), dict) else None
        if answer.get("success") is False or not found:
            raise SiasnRefused(str(answer.get("message") or _("SIASN tidak mengembalikan id riwayat.")))
        return str(found)

    # --- Transport ----------------------------------------------------------------------------------

    def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None, *, again: bool = True
    ) -> dict[str, Any]:
        headers = {
            "Authorization": f"Bearer {self._gateway_token()}",
            "Auth": f"bearer {self._sso_token()}",
            "Accept": "application/json",
        }
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = _request(self.config.api_url + path, data, headers, method)
        try:
            status, answer = self._send(request)
        except _Expired:
            if not again:
                raise SiasnUnavailable(_("SIASN menolak token yang baru diambil.")) from None
            self.forget_tokens()
            return self._call(method, path, body, again=False)
        if 400 <= status < 500:
            raise SiasnRefused(
                str(
                    answer.get("message")
                    or answer.get("error")
                    or _("SIASN menolak (HTTP %(status)d).") % {"status": status}
                )
            )
        return answer

    def _send(self, request: urllib.request.Request) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body) of a request; SIASN's own failures and silences are SiasnUnavailable."""
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310  # our configured URL
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            body = _json(error.read())
            if error.code == 401:
                raise _Expired from None
            if error.code == 429 or error.code >= 500:
                raise SiasnUnavailable(
                    _("SIASN sedang tidak dapat melayani (HTTP %(status)d).") % {"status": error.code}
                ) from None
            return error.code, body
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SiasnUnavailable(_("SIASN tidak dapat dihubungi: %(error)s") % {"error": error}) from None

    def _gateway_token(self) -> str:
        basic = base64.b64encode(f"{self.config.consumer_key}:{self.config.consumer_secret}".encode()).decode()
        return self._token(
            "gateway",
            self.config.apim_token_url,
            {"grant_type": "client_credentials"},
            {"Authorization": f"Basic {basic}"},
        )

    def _sso_token(self) -> str:
        form = {
            "grant_type": "password",
            "client_id": self.config.sso_client_id,
            "username": self.config.sso_username,
            "password": self.config.sso_password,
        }
        return self._token("sso", self.config.sso_token_url, form, {})

    def _token(self, name: str, url: str, form: dict[str, str], headers: dict[str, str]) -> str:
        key = f"siasn:token:{name}"
        token = cache.get(key)
        if token:
            return str(token)
        request = _request(
            url,
            urllib.parse.urlencode(form).encode(),
            {**headers, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
            "POST",
        )
        try:
            status, answer = self._send(request)
        except _Expired:
            raise SiasnUnavailable(
                _("Kredensial SIASN ditolak saat mengambil token %(name)s.") % {"name": name}
            ) from None
        token = answer.get("access_token")
        if status != 200 or not token:
            raise SiasnUnavailable(
                _("Token %(name)s SIASN tidak diberikan (HTTP %(status)d).") % {"name": name, "status": status}
            )
        lifetime = int(answer.get("expires_in") or 300) - TOKEN_MARGIN_SECONDS
        cache.set(key, token, max(lifetime, 1))
        return str(token)

    @staticmethod
    def forget_tokens() -> None:
        cache.delete_many(["siasn:token:gateway", "siasn:token:sso"])


def _request(url: str, data: bytes | None, headers: dict[str, str], method: str) -> urllib.request.Request:
    """A request to one of the configured SIASN addresses, which must be http(s) (never file: and the like)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SiasnUnavailable(_("Alamat SIASN %(url)s tidak sah: harus http:// atau https://.") % {"url": url[:100]})
    return urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310  # scheme checked above


class _Expired(Exception):
    """A 401: the token SIASN was given is no longer good."""


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8", "replace") or "{}")
    except ValueError:
        return {"message": raw[:300].decode("utf-8", "replace")}
    return value if isinstance(value, dict) else {"data": value}
