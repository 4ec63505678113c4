"""A throwaway certificate authority for tests, the browser test and `make run`'s demo: a CA and one
signer certificate in a PKCS#12 file, made on the spot with `cryptography` (never a real key)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class ThrowawayCA:
    ca_pem: Path  # the trust root a verifier is given
    signer_p12: Path
    passphrase: str


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bangkom uji (bukan sertifikat sungguhan)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


TEST_PASSPHRASE = "rahasia-uji"  # noqa: S105 - guards a throwaway test key only


def make_throwaway_ca(
    folder: Path, *, signer_name: str = "Penandatangan Uji", passphrase: str = TEST_PASSPHRASE
) -> ThrowawayCA:
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = (
        x509.CertificateBuilder().subject_name(_name("Bangkom CA Uji")).issuer_name(_name("Bangkom CA Uji"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer_cert = (
        x509.CertificateBuilder().subject_name(_name(signer_name)).issuer_name(ca_cert.subject)
        .public_key(signer_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    signer_p12 = folder / "penandatangan.p12"
    signer_p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"penandatangan",
            signer_key,
            signer_cert,
            [ca_cert],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    return ThrowawayCA(ca_pem=ca_pem, signer_p12=signer_p12, passphrase=passphrase)
