# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Broken inventories are refused before any host changes.

Each case of broken_inventories.yml is the scenario's three nodes with one
mistake a new user makes. site.yml must exit non-zero with the case's message
(the whole-site preflight, playbooks/preflight.yml, reports it), and no node
may differ afterwards from before: users, groups, packages, /etc/hosts,
systemd units, /opt and /var/lib are fingerprinted on every node.
"""

import concurrent.futures
import copy
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
# pylint: disable=wrong-import-position
from alluxio_cluster import node  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.environ['MOLECULE_PROJECT_DIRECTORY']
EPHEMERAL = os.environ['MOLECULE_EPHEMERAL_DIRECTORY']
with open(os.path.join(HERE, 'broken_inventories.yml'), encoding='utf-8') as handle:
    TABLE = yaml.safe_load(handle)
NODES = sorted(TABLE['baseline']['host_vars'])
# Cases run on the controller; the fingerprints are read once per case.
testinfra_hosts = NODES[:1]
FINGERPRINT = ('sha256sum /etc/hosts /etc/passwd /etc/group /etc/shadow /var/lib/dpkg/status; '
               'ls -la --time-style=full-iso /opt /etc/systemd/system /var/lib /home /etc/alluxio 2>/dev/null; true')


def inventory(case):
    """The baseline with the case's changes, as an inventory dict."""
    base = copy.deepcopy(TABLE['baseline'])
    site_vars = dict(base['vars'], **case.get('vars', {}))
    site_vars['ansible_ssh_common_args'] = '-F %s/ssh/ssh_config' % EPHEMERAL
    groups = dict(base['groups'], **case.get('groups', {}))
    host_vars = base['host_vars']
    for host, values in case.get('host_vars', {}).items():
        host_vars.setdefault(host, {}).update(values)
    for host, spec in case.get('add_hosts', {}).items():
        host_vars[host] = dict(spec.get('vars', {}))
        for group in spec['groups']:
            groups[group] = groups.get(group, []) + [host]
    children = {name: {'hosts': {h: host_vars.get(h, {}) for h in hosts}}
                for name, hosts in groups.items() if name != 'zookeeper'}
    return {'all': {'vars': site_vars, 'children': {
        'zookeeper': {'hosts': {h: host_vars.get(h, {}) for h in groups['zookeeper']}},
        'alluxio': {'children': children}}}}


def run(playbook, case, tmp_path):
    path = tmp_path / ('%s.yml' % re.sub(r'\W+', '-', case['name']))
    path.write_text(yaml.safe_dump(inventory(case)), encoding='utf-8')
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(PROJECT, 'ansible.cfg'), ANSIBLE_NOCOLOR='1',
               ANSIBLE_COLLECTIONS_PATH=os.path.join(PROJECT, 'collections'))
    result = subprocess.run(['ansible-playbook', os.path.join(PROJECT, playbook), '-i', str(path)],
                            capture_output=True, text=True, env=env, cwd=PROJECT, timeout=600, check=False)
    return result.returncode, result.stdout + result.stderr


def fingerprints():
    return {name: node(name).check_output(FINGERPRINT) for name in NODES}


@pytest.fixture(scope='module')
def before():
    return fingerprints()


def test_baseline_passes_the_preflight(host, tmp_path):
    rc, output = run('playbooks/preflight.yml', {'name': 'baseline'}, tmp_path)
    assert rc == 0, output[-3000:]


def test_every_broken_inventory_is_refused_before_any_change(host, before, tmp_path):
    cases = TABLE['cases']
    assert len(cases) >= 15
    # Read-only runs: a few at once keep the step short.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: run('site.yml', case, tmp_path), cases))
    failures = []
    for case, (rc, output) in zip(cases, results):
        if rc == 0:
            failures.append('%s: site.yml succeeded' % case['name'])
        elif not re.search(case['expect'], output):
            failures.append('%s: rc %d, message %r not found in:\n%s' % (case['name'], rc, case['expect'], output[-2500:]))
        elif 'no host was changed' not in output:
            failures.append('%s: refused, but not by the site preflight:\n%s' % (case['name'], output[-2500:]))
    after = fingerprints()
    changed = sorted(name for name in NODES if after[name] != before[name])
    assert not failures, '\n\n'.join(failures)
    assert not changed, 'nodes changed by refused runs: %s' % json.dumps(changed)


def test_a_share_unmounted_on_the_first_master_is_refused(host, tmp_path):
    """Issue 18's attack: the shared journal unmounted on one master, then
    site.yml. Refused by the preflight, nothing written beneath the mount
    point (where a format would have created a second, empty journal)."""
    first = node(NODES[0])
    # A second view of the share puts it back afterwards.
    first.check_output('mkdir -p /mnt/keep-share && mount --bind /srv/alluxio-shared /mnt/keep-share'
                       ' && umount /srv/alluxio-shared')
    try:
        unmounted = fingerprints()
        rc, output = run('site.yml', {'name': 'share unmounted on %s' % NODES[0]}, tmp_path)
        beneath = first.check_output('ls -A /srv/alluxio-shared')
        after = fingerprints()
    finally:
        first.check_output('mount --bind /mnt/keep-share /srv/alluxio-shared && umount /mnt/keep-share && rmdir /mnt/keep-share')
    expected = '%s: alluxio_journal_folder /srv/alluxio-shared/journal is on no mounted file system' % NODES[0]
    assert rc != 0 and expected in output and 'no host was changed' in output, output[-3000:]
    assert beneath == ''
    assert after == unmounted
