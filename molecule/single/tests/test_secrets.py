# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Secret canary, host side: the secret property values the scenario sets
(alluxio_config_properties in molecule.yml) are in alluxio-site.properties,
its alluxio-env.sh variable and JVM option in alluxio-env.sh, both readable by
root and the alluxio group only, and none is in a world-readable file, a log
file or the journal. The Ansible output side is checked by
side_effect.yml.

The canaries are never put on a command line here: sudo and Ansible's
modules log their command lines to the journal, which would plant the very
string searched for. grep gets a regular expression that matches a canary
but does not contain it (one character in brackets).
"""

import os

import yaml

SITE = '/opt/alluxio/conf/alluxio-site.properties'
ENV_FILE = '/opt/alluxio/conf/alluxio-env.sh'
SCENARIO = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'molecule.yml')
# Where a leaked value could sit on a node: the root file system and the other
# file systems of the containers (tmpfs, the worker tier, the shared UFS).
ROOTS = ['/', '/run', '/tmp', '/dev/shm', '/srv/alluxio-ufs']
LOGS = ['/var/log', '/opt/alluxio/logs']


def _group_vars():
    with open(SCENARIO) as handle:
        scenario = yaml.safe_load(handle)
    return scenario['provisioner']['inventory']['group_vars']['all']


GROUP_VARS = _group_vars()
PROPERTIES = GROUP_VARS['alluxio_config_properties']
ENV = GROUP_VARS['alluxio_config_env']
JAVA_OPTS_CANARY = GROUP_VARS['single_java_opts_canary']
# Every canary: property values, alluxio-env.sh variables and a JVM option.
CANARIES = dict(PROPERTIES, **ENV, java_opts=JAVA_OPTS_CANARY)


def _hidden(value):
    """A grep -E pattern matching `value` whose text does not contain it."""
    return value[:4] + '[' + value[4] + ']' + value[5:]


def _grep_args():
    return ' '.join("-e '%s'" % _hidden(value) for value in CANARIES.values())


def test_canary_patterns_do_not_contain_the_canaries():
    for value in CANARIES.values():
        assert value.isalnum() and len(value) >= 16
        assert value not in _hidden(value)


def test_canaries_reach_the_conf_files_only_for_root_and_alluxio(host):
    site = host.file(SITE)
    assert site.mode == 0o640
    assert site.user == 'root'
    assert site.group == 'alluxio'
    lines = site.content_string.splitlines()
    for key, value in PROPERTIES.items():
        assert '%s=%s' % (key, value) in lines, 'the %s canary is not in %s' % (key, SITE)
    env = host.file(ENV_FILE)
    assert (env.mode, env.user, env.group) == (0o640, 'root', 'alluxio')
    for key, value in ENV.items():
        assert '%s="%s"' % (key, value) in env.content_string.splitlines(), 'the %s canary is not in %s' % (key, ENV_FILE)
    assert '-Daws.secretKey=%s' % JAVA_OPTS_CANARY in env.content_string
    # The search used below finds them where they are.
    found = host.run('grep -lsE %s %s %s' % (_grep_args(), SITE, ENV_FILE))
    assert sorted(found.stdout.split()) == sorted([SITE, ENV_FILE])


def test_no_world_readable_file_holds_a_canary(host):
    command = ("find %s -xdev \\( -path /proc -o -path /sys \\) -prune -o -type f -perm -o=r -print0"
               " | xargs -0 -r grep -lsE %s" % (' '.join(ROOTS), _grep_args()))
    result = host.run(command)
    # grep: 0 some file matched, 1 none did; xargs turns 1 into 123.
    assert result.rc in (1, 123), 'rc %s: %s' % (result.rc, result.stderr[-500:])
    assert result.stdout.split() == []


def test_no_log_file_holds_a_canary(host):
    result = host.run('grep -rlsE %s %s' % (_grep_args(), ' '.join(LOGS)))
    assert result.rc == 1 or (result.rc == 2 and not result.stdout), 'rc %s: %s' % (result.rc, result.stderr[-500:])
    assert result.stdout.split() == []


def test_the_journal_holds_no_canary(host):
    journal = 'journalctl --no-pager -q -o cat'
    # The Alluxio units log there: the search covers them.
    assert int(host.check_output(journal + " -u 'alluxio*' | wc -l")) > 0, 'no Alluxio unit in the journal'
    matches = host.run(journal + ' | grep -cE %s' % _grep_args())
    assert matches.stdout.strip() == '0', 'the journal has %s line(s) naming a canary' % matches.stdout.strip()
