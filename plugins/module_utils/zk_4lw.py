# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""ZooKeeper's four-letter words (``ruok``, ``srvr``, ``mntr``...) over its client port.

``ruok`` and ``isro`` answer a word ("imok", "rw"); ``srvr``, ``mntr``,
``conf``, ``stat`` and ``envi`` answer "key<TAB>value", "Key: value" or
"key=value" lines, returned as a dict. A word the server does not answer
(down, refused, not whitelisted) is an error of that word, not an exception,
so that callers can retry on the answers alone.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_properties import parse_properties

RAW_WORDS = ('ruok', 'isro')
WORDS = ('ruok', 'isro', 'srvr', 'mntr', 'conf', 'stat', 'envi')
# The server closes the connection without an answer for a word outside
# 4lw.commands.whitelist, after logging it; older ones answer this sentence.
_NOT_WHITELISTED = 'is not executed because it is not in the whitelist'


def ask(host, port, word, timeout):
    """The raw answer of ``word``; raises OSError when the server cannot be reached."""
    chunks = []
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        sock.sendall(word.encode('ascii'))
        sock.shutdown(socket.SHUT_WR)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        sock.close()
    return b''.join(chunks).decode('utf-8', 'replace')


def parse(word, text):
    """The answer of ``word`` as a string (ruok, isro) or a dict of its lines."""
    if word in RAW_WORDS:
        return text.strip()
    fields = {}
    for line in text.splitlines():
        if '\t' in line:
            key, value = line.split('\t', 1)
        elif ': ' in line:
            key, value = line.split(': ', 1)
        elif '=' in line:
            key, value = line.split('=', 1)
        else:
            continue
        fields[key.strip()] = value.strip()
    return fields


def probe(host, port, words, timeout=5.0):
    """``(answers, errors)``: each word's parsed answer ("" or {} when none) and the reason per failed word."""
    answers, errors = {}, {}
    for word in words:
        empty = '' if word in RAW_WORDS else {}
        try:
            text = ask(host, port, word, timeout)
        except (OSError, socket.error) as exc:
            answers[word] = empty
            errors[word] = '%s:%s: %s' % (host, port, exc)
            continue
        if not text.strip() or _NOT_WHITELISTED in text:
            answers[word] = empty
            errors[word] = ('%s:%s: no answer to %s (is it in 4lw.commands.whitelist?)' % (host, port, word)
                            if not text.strip() else '%s:%s: %s' % (host, port, text.strip()))
            continue
        answers[word] = parse(word, text)
    return answers, errors


def listen_host(config_text):
    """The address a server with this zoo.cfg listens on for clients: its
    ``clientPortAddress``, else ``127.0.0.1`` (it listens on every address)."""
    address = parse_properties(config_text).get('clientPortAddress', '').strip()
    return address.strip('[]') or '127.0.0.1'
