# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""ssh trust from the sources' users to the targets, as the ssh_trust role plans it.

* accounts: home, group and shell of the users that exist (getent passwd);
* authorized_keys: each source user's public key, for the targets;
* known_hosts_entries: each target's host keys under every name it is reached by;
* known_hosts_missing / known_hosts_todo: the entries a user's known_hosts
  lacks, judged as ansible.builtin.known_hosts would;
* check_failures: the connections the check found broken, one line each;
* key_options: what restricts an authorized key (from= its source's addresses,
  no forwarding);
* stale_keys: the keys this role authorized for sources that left.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import re

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


# Ends the comment of every key this role authorizes; stale_keys finds them by it.
MARKER = '(datalake.alluxio ssh_trust)'
LOOPBACK = ['127.0.0.1', '::1']
RESTRICTIONS = ['no-agent-forwarding', 'no-port-forwarding', 'no-X11-forwarding']


def key_comment(user, source):
    return '%s@%s %s' % (user, source, MARKER)


def source_addresses(hostvars, source):
    """Every address ``source`` may connect from: its IPv4 and IPv6 addresses
    (link-local ones left out), sorted. Raises ValueError without its facts."""
    facts = host_var(hostvars, source, 'ansible_facts') or {}
    if 'all_ipv4_addresses' not in facts:
        raise ValueError('%s has no network facts (all_ipv4_addresses): gather them (setup, gather_subset network) '
                         'before restricting keys to its addresses' % source)
    found = list(facts.get('all_ipv4_addresses') or []) + [
        a for a in facts.get('all_ipv6_addresses') or [] if not str(a).lower().startswith('fe80:')]
    if not found:
        raise ValueError('%s has no address in its network facts, so its keys cannot be restricted to them' % source)
    return sorted(set(str(a) for a in found))


def key_options(addresses, extra=''):
    """authorized_keys options: only from ``addresses``, no agent, port or X11
    forwarding (a pty stays allowed: the 1.x scripts run ``ssh -tt``), then
    ``extra`` (the user's own options)."""
    options = ['from="%s"' % ','.join(addresses)] + RESTRICTIONS
    return ','.join(options + ([extra] if extra else []))


def authorized_keys(sources, hostvars, register, restrict=False, extra_options=''):
    """``{user, source, key, comment, options, self_options}`` for every key pair the sources' ``register``
    (openssh_keypair's loop) holds. With ``restrict``, ``options`` limit the key to its source's addresses
    and ``self_options`` (for the source's own authorized_keys) add loopback; otherwise both are
    ``extra_options``."""
    keys = []
    for source in sources:
        results = [r for r in _results(hostvars, source, register) if r.get('public_key')]
        if not results:
            continue
        if restrict:
            addresses = source_addresses(hostvars, source)
            options = key_options(addresses, extra_options)
            self_options = key_options(sorted(set(addresses + LOOPBACK)), extra_options)
        else:
            options = self_options = extra_options
        for result in results:
            keys.append({'user': result['item'], 'source': source, 'key': result['public_key'],
                         'comment': key_comment(result['item'], source),
                         'options': options, 'self_options': self_options})
    return keys


_KEY_TYPE = re.compile(r'^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-[a-z0-9@.-]+)$')


def _split_key_line(line):
    """(type, blob, comment) of an authorized_keys line, or None. Options come
    first and may quote spaces; the key type is the first word that is one."""
    words = re.findall(r'(?:[^\s"]|"[^"]*")+', line)
    for index, word in enumerate(words):
        if _KEY_TYPE.match(word) and index + 1 < len(words):
            return word, words[index + 1], ' '.join(words[index + 2:])
    return None


def stale_keys(reads, authorized):
    """``{user, key, comment}`` for every key with this role's marker in a
    user's authorized_keys (``reads``: slurp's loop over the users, ``item``
    the user; skipped or failed reads left out) that no current source holds:
    the keys of masters that left the inventory. Keys without the marker
    (operators', other tools') are never returned."""
    current = set((entry['user'], entry['comment']) for entry in authorized)
    stale = []
    for read in reads:
        if 'item' not in read or read.get('skipped') or not read.get('content'):
            continue
        text = base64.b64decode(read['content']).decode('utf-8', 'replace')
        for line in text.splitlines():
            if line.lstrip().startswith('#') or not line.rstrip().endswith(MARKER):
                continue
            fields = _split_key_line(line.strip())
            if fields and (read['item'], fields[2]) not in current:
                stale.append({'user': read['item'], 'key': '%s %s' % fields[:2], 'comment': fields[2]})
    return stale


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
