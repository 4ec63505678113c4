"""A small OpenID Connect provider on 127.0.0.1 for the single sign-on tests: the authorization-code
flow with PKCE, RS256 id tokens (PyJWT with cryptography's RSA keys), its JWKS and a userinfo endpoint
that names the person's NIP, as a region's Keycloak would."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bangkom.core.tests.local_server import StandInHandler, serve

CLIENT_ID, CLIENT_SECRET = "bangkom", "rahasia-klien-oidc"
KEY_ID = "kunci-1"


@dataclass
class Provider:
    url: str = ""
    person: dict[str, Any] = field(default_factory=dict)  # the claims of whoever "logs in" next
    key: Any = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    signing_key: Any = None  # None: sign with `key`; another key forges the signature
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(StandInHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    return self.answer_json(400, {"error": "invalid_request"})
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                self.send_response(302)
                self.send_header(
                    "Location", f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                )
                self.end_headers()
                return None
            if parts.path == "/jwks":
                jwk = json.loads(RSAAlgorithm.to_jwk(provider.key.public_key()))
                return self.answer_json(200, {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]})
            if parts.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = provider.tokens.get(token)
                return self.answer_json(200, claims) if claims else self.answer_json(401, {"error": "invalid_token"})
            return self.answer_json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            form = {k: v[0] for k, v in parse_qs(self.body_bytes().decode()).items()}
            asked = provider.codes.pop(form.get("code", ""), None)
            if (
                self.path != "/token"
                or asked is None
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("redirect_uri") != asked["redirect_uri"]
            ):
                return self.answer_json(400, {"error": "invalid_grant"})
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge != asked.get("code_challenge"):
                return self.answer_json(400, {"error": "invalid_grant", "error_description": "PKCE"})
            now = int(time.time())
            claims = {
                "iss": provider.url,
                "aud": CLIENT_ID,
                "sub": provider.person["sub"],
                "iat": now,
                "exp": now + 300,
            }
            id_token = jwt.encode(
                {**claims, "nonce": asked["nonce"]},
                provider.signing_key or provider.key,
                algorithm="RS256",
                headers={"kid": KEY_ID},
            )
            access_token = secrets.token_urlsafe(16)
            provider.tokens[access_token] = dict(provider.person)
            return self.answer_json(200, {"access_token": access_token, "id_token": id_token, "token_type": "Bearer"})

    return Handler


def start() -> tuple[Provider, ThreadingHTTPServer]:
    provider = Provider()
    provider.url, server = serve(_handler(provider))
    return provider, server
