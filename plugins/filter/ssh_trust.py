# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters of the ssh_trust role (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def _fields(line):
    """(hosts, type, key) of a plain known_hosts line, None for a blank or comment line."""
    parts = line.split()
    if not parts or parts[0].startswith('#'):
        return None
    if len(parts) < 3:
        return ('', '', '')
    return (parts[0], parts[1], parts[2])


def _plain(hosts):
    """True when a host field holds only literal names (no hash, marker, wildcard or negation)."""
    return hosts and not hosts.startswith(('|', '@')) and not any(char in hosts for char in '*?!')


def ssh_trust_known_hosts_missing(entries, content):
    """The entries ({name, key}) that ansible.builtin.known_hosts (hash_host: false) would still change.

    An entry is in place when, among the lines whose host field names it, the
    first line with its key type is exactly ``name type key`` (what the module
    finds first and keeps). A file with hashed, marked or wildcard lines is not
    judged here: every entry is returned and the module decides.
    """
    if not isinstance(entries, list):
        raise AnsibleFilterError('ssh_trust_known_hosts_missing: expected a list of {name, key}, got %s'
                                 % type(entries).__name__)
    if content is None:
        content = ''
    if not isinstance(content, str):
        raise AnsibleFilterError('ssh_trust_known_hosts_missing: expected the known_hosts text, got %s'
                                 % type(content).__name__)
    lines = [fields for fields in map(_fields, content.splitlines()) if fields is not None]
    if not all(_plain(hosts) for hosts, _type, _key in lines):
        return list(entries)
    missing = []
    for entry in entries:
        try:
            name, key_type, key = entry['key'].split()[:3]
        except (KeyError, TypeError, ValueError, AttributeError):
            raise AnsibleFilterError('ssh_trust_known_hosts_missing: entry %r has no "key" of the form '
                                     '"<name> <type> <base64 key>"' % (entry,))
        first = next((fields for fields in lines
                      if fields[1] == key_type and name.lower() in fields[0].lower().split(',')), None)
        if first != (name, key_type, key):
            missing.append(entry)
    return missing


class FilterModule(object):
    def filters(self):
        return {
            'ssh_trust_known_hosts_missing': ssh_trust_known_hosts_missing,
        }
