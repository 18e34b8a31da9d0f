# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""ssh trust from the sources' users to the targets, as the ssh_trust role plans it.

* accounts: home, group and shell of the users that exist (getent passwd);
* authorized_keys: each source user's public key, for the targets;
* known_hosts_entries: each target's host keys under every name it is reached by;
* known_hosts_missing / known_hosts_todo: the entries a user's known_hosts
  lacks, judged as ansible.builtin.known_hosts would;
* check_failures: the connections the check found broken, one line each.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cluster import host_var


def accounts(getent_passwd, users):
    """``{user: {home, gid, shell}}`` of those of ``users`` that getent's passwd answer holds."""
    found = {}
    for user in users:
        if user in (getent_passwd or {}):
            entry = getent_passwd[user]
            found[user] = {'home': entry[4], 'gid': entry[2], 'shell': entry[5]}
    return found


def _results(hostvars, host, register):
    return (host_var(hostvars, host, register) or {}).get('results') or []


def authorized_keys(sources, hostvars, register):
    """``{user, source, key}`` for every key pair the sources' ``register`` (openssh_keypair's loop) holds."""
    return [{'user': result['item'], 'source': source, 'key': result['public_key']}
            for source in sources for result in _results(hostvars, source, register)
            if result.get('public_key')]


def known_hosts_entries(targets, hostvars, key_types, port):
    """``{name, key}`` for every host key of every target (its ssh_host_key facts), under its
    inventory name, ``ansible_host`` and ``ssh_trust_host_aliases``, in lower case."""
    entries = []
    for target in targets:
        names = []
        for name in [target, host_var(hostvars, target, 'ansible_host') or target] \
                + list(host_var(hostvars, target, 'ssh_trust_host_aliases') or []):
            if str(name).lower() not in names:
                names.append(str(name).lower())
        facts = host_var(hostvars, target, 'ansible_facts') or {}
        for key_type in key_types:
            public = facts.get('ssh_host_key_%s_public' % key_type)
            if public is None:
                continue
            key = '%s %s' % (facts.get('ssh_host_key_%s_public_keytype' % key_type), public)
            for name in names:
                entry = name if int(port) == 22 else '[%s]:%s' % (name, port)
                entries.append({'name': entry, 'key': '%s %s' % (entry, key)})
    return entries


def known_hosts_todo(reads, entries):
    """``{user, name, key}`` for every entry a user's known_hosts lacks or has with another key;
    ``reads`` is slurp's loop over the users (``item`` the user), skipped reads left out."""
    todo = []
    for read in reads:
        if 'item' not in read or read.get('skipped'):
            continue
        content = read.get('content') or ''
        text = base64.b64decode(content).decode('utf-8', 'replace') if content else ''
        todo.extend(dict(entry, user=read['item']) for entry in known_hosts_missing(entries, text))
    return todo


def check_failures(sources, hostvars, register):
    """``user@source -> target: error`` for every connection the check (``register``, one
    script run per user on each source) found broken, and for a check that did not run."""
    failures = []
    for source in sources:
        for result in _results(hostvars, source, register):
            if 'rc' not in result:
                continue
            answer = (result.get('stdout') or '').strip()
            if result['rc'] != 0 or not answer.startswith('{'):
                error = result.get('stderr') if 'stderr' in result else result.get('msg', '')
                failures.append('%s@%s -> (all): the check did not run (rc %s): %s'
                                % (result['item'], source, result['rc'], (error or '').strip().replace('\n', ' | ')))
                continue
            for check in json.loads(answer)['results']:
                if check['rc'] != 0:
                    error = (check.get('stderr') or '').strip().replace('\n', ' | ')
                    failures.append('%s@%s -> %s: %s' % (result['item'], source, check['target'], error))
    return failures


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


def known_hosts_missing(entries, content):
    """The entries ({name, key}) that ansible.builtin.known_hosts (hash_host: false) would still change.

    An entry is in place when, among the lines whose host field names it, the
    first line with its key type is exactly ``name type key`` (what the module
    finds first and keeps). A file with hashed, marked or wildcard lines is not
    judged here: every entry is returned and the module decides.
    """
    if not isinstance(entries, list):
        raise ValueError('expected a list of {name, key}, got %s' % type(entries).__name__)
    if content is None:
        content = ''
    if not isinstance(content, str):
        raise ValueError('expected the known_hosts text, got %s' % type(content).__name__)
    lines = [fields for fields in map(_fields, content.splitlines()) if fields is not None]
    if not all(_plain(hosts) for hosts, _type, _key in lines):
        return list(entries)
    missing = []
    for entry in entries:
        try:
            name, key_type, key = entry['key'].split()[:3]
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValueError('entry %r has no "key" of the form "<name> <type> <base64 key>"' % (entry,))
        first = next((fields for fields in lines
                      if fields[1] == key_type and name.lower() in fields[0].lower().split(',')), None)
        if first != (name, key_type, key):
            missing.append(entry)
    return missing
