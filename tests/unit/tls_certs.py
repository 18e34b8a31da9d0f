# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Throwaway PEM CA, server and client certificates for the ZooKeeper TLS tests."""

from __future__ import annotations

import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key():
    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _issue(subject, key, issuer, issuer_key, ca=False, usage=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False).add_extension(
            x509.SubjectAlternativeName([x509.DNSName('localhost'),
                                         x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
            critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path, data):
    with open(path, 'wb') as handle:
        handle.write(data)
    return path


def make_pki(directory, ca_name='datalake-alluxio test CA'):
    """Write a CA and certificates signed by it; return a dict of file paths."""
    os.makedirs(directory, exist_ok=True)
    ca_key = _key()
    ca_cert = _issue(ca_name, ca_key, _name(ca_name), ca_key, ca=True)
    files = {'ca': _write(os.path.join(directory, 'ca.pem'), _cert_pem(ca_cert))}
    for role, usage in (('server', ExtendedKeyUsageOID.SERVER_AUTH), ('client', ExtendedKeyUsageOID.CLIENT_AUTH)):
        key = _key()
        cert = _issue('%s.test' % role, key, ca_cert.subject, ca_key, usage=usage)
        files['%s_cert' % role] = _write(os.path.join(directory, '%s.pem' % role), _cert_pem(cert))
        files['%s_key' % role] = _write(os.path.join(directory, '%s-key.pem' % role), _key_pem(key))
        # ZooKeeper's PEM key store: private key and certificate in one file.
        files['%s_keystore' % role] = _write(os.path.join(directory, '%s-keystore.pem' % role),
                                             _key_pem(key) + _cert_pem(cert))
    return files
