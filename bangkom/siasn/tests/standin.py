"""A stand-in for BKN's SIASN web services on 127.0.0.1, started by the tests: the gateway's and the
SSO's token endpoints and the calls Bangkom makes, checking each request against the published field
lists (siasn_definitions.txt, copied from ../shared/data/siasn-api/definitions.txt) and the two
bearer tokens, and answering in SIASN's shapes."""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from bangkom.core.tests.local_server import StandInHandler, serve

DEFINITIONS = Path(__file__).with_name("siasn_definitions.txt")
CONSUMER_KEY, CONSUMER_SECRET = "kunci-uji", "rahasia-uji"
SSO_CLIENT, SSO_USER, SSO_PASSWORD = "bkpsdm-uji", "199001012015031001", "sandi-sso-uji"
DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")


def documented() -> dict[str, dict[str, str]]:
    """{model: {field: type}} from the published definitions."""
    models = {}
    for line in DEFINITIONS.read_text(encoding="utf-8").splitlines():
        name, _, fields = line.removeprefix("== ").partition(" ")
        models[name] = dict(item.strip().split(":", 1) for item in fields.split(","))
    return models


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Standin:
    url: str = ""
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # pnsOrangId -> data utama
    received: list[Received] = field(default_factory=list)
    unavailable: int = 0  # answer this many calls with 503 first
    expire_tokens: bool = False  # the next call is refused with 401, as when SIASN drops a token
    tokens: set[str] = field(default_factory=set)
    token_requests: int = 0
    ranks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # NIP -> RWGolonganResponse rows
    educations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # NIP -> RwPendidikanResponse rows

    def saved(self, path: str) -> list[Any]:
        return [r.body for r in self.received if r.path == path]


def _handler(state: Standin) -> type[BaseHTTPRequestHandler]:
    models = documented()

    class Handler(StandInHandler):
        def do_POST(self) -> None:
            raw = self.body_bytes()
            if self.path == "/oauth2/token":
                basic = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
                form = parse_qs(raw.decode())
                if self.headers.get("Authorization") != f"Basic {basic}" or form.get("grant_type") != [
                    "client_credentials"
                ]:
                    return self.answer_json(401, {"error": "invalid_client"})
                return self._token("gw")
            if self.path == "/auth/realms/public-siasn/protocol/openid-connect/token":
                form = parse_qs(raw.decode())
                wanted = {
                    "grant_type": ["password"],
                    "client_id": [SSO_CLIENT],
                    "username": [SSO_USER],
                    "password": [SSO_PASSWORD],
                }
                if form != wanted:
                    return self.answer_json(401, {"error": "invalid_grant"})
                return self._token("sso")
            model, key = {
                "/apisiasn/1.0/kursus/save": ("riwayat.RwKursusCreate", "rwKursusId"),
                "/apisiasn/1.0/diklat/save": ("riwayat.RwDiklatCreate", "rwDiklatId"),
            }.get(self.path, (None, None))
            if model is None:
                return self.answer_json(404, {"message": "not found"})
            if not self._authorised():
                return None
            body = json.loads(raw)
            state.received.append(Received(self.path, dict(self.headers), body))
            problems = _shape_problems(body, models[model])
            if problems:
                return self.answer_json(400, {"success": False, "message": "; ".join(problems)})
            if body["pnsOrangId"] not in state.people:
                return self.answer_json(200, {"success": False, "message": "Data PNS tidak ditemukan"})
            return self.answer_json(200, {"success": True, "message": "success", "mapData": {key: str(uuid.uuid4())}})

        def do_GET(self) -> None:
            prefix = "/apisiasn/1.0/pns/data-utama/"
            histories = (
                ("/apisiasn/1.0/pns/rw-golongan/", state.ranks),
                ("/apisiasn/1.0/pns/rw-pendidikan/", state.educations),
            )
            for path, rows in histories:
                if self.path.startswith(path):
                    if not self._authorised():
                        return None
                    return self.answer_json(200, {"data": rows.get(self.path.removeprefix(path), [])})
            if not self.path.startswith(prefix):
                return self.answer_json(404, {"message": "not found"})
            if not self._authorised():
                return None
            nip = self.path.removeprefix(prefix)
            found = next((data for data in state.people.values() if data.get("nipBaru") == nip), None)
            if found is None:
                return self.answer_json(200, {"data": None, "message": "Data tidak ditemukan"})
            answer = {key: value for key, value in found.items() if not key.startswith("_")}
            answer["nipBaru"] = found.get("_answer_nip", found["nipBaru"])  # a test may have SIASN answer another
            return self.answer_json(200, {"data": answer})

        def _token(self, kind: str) -> None:
            state.token_requests += 1
            token = f"{kind}-{uuid.uuid4()}"
            state.tokens.add(token)
            self.answer_json(200, {"access_token": token, "expires_in": 3600, "token_type": "bearer"})

        def _authorised(self) -> bool:
            if state.unavailable:
                state.unavailable -= 1
                self.answer_json(503, {"message": "Service Unavailable"})
                return False
            gateway = self.headers.get("Authorization", "").removeprefix("Bearer ")
            sso = self.headers.get("Auth", "").removeprefix("bearer ")
            if state.expire_tokens:
                state.expire_tokens = False
                state.tokens.clear()
            if not (gateway.startswith("gw-") and sso.startswith("sso-") and {gateway, sso} <= state.tokens):
                self.answer_json(401, {"message": "Invalid Credentials"})
                return False
            return True

    return Handler


def _shape_problems(body: dict[str, Any], fields: dict[str, str]) -> list[str]:
    problems = [f"{name} tidak dikenal" for name in body if name not in fields]
    problems += [f"{name} tidak ada" for name in fields if name not in body]
    for name, kind in fields.items():
        value = body.get(name)
        if value is None:
            continue
        expected = {"integer": int, "string": str, "array": list}[kind]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(f"{name} harus {kind}")
        elif name.startswith("tanggal") and not DATE.match(value):
            problems.append(f"{name} harus dd-mm-yyyy")
    return problems


def start() -> tuple[Standin, ThreadingHTTPServer]:
    state = Standin()
    state.url, server = serve(_handler(state))
    return state, server
