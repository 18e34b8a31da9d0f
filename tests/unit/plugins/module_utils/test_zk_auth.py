# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""ZooKeeper SASL settings: problems, the quorum switch, znodes and ACLs."""

from __future__ import annotations

from ansible_collections.datalake.alluxio.plugins.module_utils import zk_auth

OFFERING = 'quorum.auth.enableSasl=true\nquorum.auth.learnerRequireSasl=false\nquorum.auth.serverRequireSasl=false\n'
LEARNERS = 'quorum.auth.enableSasl=true\nquorum.auth.learnerRequireSasl=true\nquorum.auth.serverRequireSasl=false\n'
REQUIRING = 'quorum.auth.enableSasl=true\nquorum.auth.learnerRequireSasl=true\nquorum.auth.serverRequireSasl=true\n'


def test_off_has_no_problems_and_no_settings():
    assert zk_auth.auth_problems(False, {}, '', '', 3) == []
    assert zk_auth.quorum_auth_config(False, 3) == {}


def test_on_needs_accounts_and_the_quorum_password_without_quoting_them():
    problems = zk_auth.auth_problems(True, {}, 'zkquorum', '', 3)
    assert len(problems) == 2
    assert 'zookeeper_auth_users is empty' in problems[0]
    assert 'zookeeper_quorum_auth_password' in problems[1]
    problems = zk_auth.auth_problems(True, {'al luxio': 'pa"ss'}, 'zkquorum', 'back\\slash', 3)
    assert len(problems) == 3
    assert not any('pa"ss' in p or 'back\\slash' in p for p in problems)
    # A single member has no quorum.
    assert zk_auth.auth_problems(True, {'alluxio': 'secret'}, 'zkquorum', '', 1) == []


def test_quorum_settings():
    config = zk_auth.quorum_auth_config(True, 3)
    assert config['authProvider.sasl'].endswith('SASLAuthenticationProvider')
    assert config['quorum.auth.learnerRequireSasl'] == config['quorum.auth.serverRequireSasl'] == 'true'
    assert config['quorum.auth.learner.saslLoginContext'] == 'QuorumLearner'
    first = zk_auth.quorum_auth_config(True, 3, 1)
    assert first['quorum.auth.enableSasl'] == 'true' and first['quorum.auth.learnerRequireSasl'] == 'false'
    assert zk_auth.quorum_auth_config(True, 3, 2)['quorum.auth.serverRequireSasl'] == 'false'
    assert set(zk_auth.quorum_auth_config(True, 1)) == {'authProvider.sasl'}


def test_steps_of_each_zoo_cfg():
    assert [zk_auth.quorum_step(t) for t in ('tickTime=2000\n', OFFERING, LEARNERS, REQUIRING)] == [0, 1, 2, 3]
    assert zk_auth.quorum_step('quorum.auth.enableSasl = TRUE\nquorum.auth.serverRequireSasl=true\n') == 3


def test_switching_on_a_running_ensemble_takes_every_step():
    assert zk_auth.quorum_switch({'a': 'tickTime=2000\n', 'b': 'x=1\n', 'c': None}, True, 3) == ([1, 2], False)
    # An interrupted run: the lowest step is taken again first.
    assert zk_auth.quorum_switch({'a': OFFERING, 'b': LEARNERS}, True, 3) == ([1, 2], False)
    assert zk_auth.quorum_switch({'a': REQUIRING, 'b': LEARNERS}, True, 3) == ([2], False)
    assert zk_auth.quorum_switch({'a': REQUIRING, 'b': REQUIRING}, True, 3) == ([], False)
    # A new ensemble, or a single server, has nothing to switch.
    assert zk_auth.quorum_switch({'a': None, 'b': None}, True, 3) == ([], False)
    assert zk_auth.quorum_switch({'a': 'x=1\n'}, True, 1) == ([], False)


def test_switching_off_while_members_require_it_is_refused():
    assert zk_auth.quorum_switch({'a': REQUIRING, 'b': REQUIRING}, False, 3) == ([], True)
    assert zk_auth.quorum_switch({'a': LEARNERS}, False, 3) == ([], True)
    assert zk_auth.quorum_switch({'a': OFFERING, 'b': OFFERING}, False, 3) == ([], False)
    assert zk_auth.auth_problems(False, {}, '', '', 3, switch_off_refused=True)[0].startswith('zookeeper_auth_enabled is false')


def test_the_filter_reads_slurp_results():
    import base64
    from ansible_collections.datalake.alluxio.plugins.filter.zookeeper import zookeeper_auth_settings

    reads = {'a': {'content': base64.b64encode(b'tickTime=2000\n').decode()}, 'b': {'failed': True}, 'c': None}
    settings = zookeeper_auth_settings(reads, True, ['a', 'b', 'c'])
    assert [p['quorum.auth.learnerRequireSasl'] for p in settings['passes']] == ['false', 'true']
    assert settings['config']['quorum.auth.serverRequireSasl'] == 'true' and not settings['switch_off_refused']
    assert zookeeper_auth_settings(reads, False, ['a', 'b', 'c']) == {'passes': [], 'config': {}, 'switch_off_refused': False}


def test_parents_first_and_acls():
    assert zk_auth.parents_first(['/alluxio/leader', '/alluxio/election/', 'a/b']) == [
        '/a', '/alluxio', '/a/b', '/alluxio/election', '/alluxio/leader']
    wanted = zk_auth.wanted_acl('alluxio')
    assert zk_auth.acl_text(wanted) == ['sasl:alluxio:cdrwa', 'world:anyone:r']
    assert not zk_auth.acl_differs([('world', 'anyone', 'r'), ('sasl', 'alluxio', 'acdrw')], wanted)
    assert zk_auth.acl_differs([('world', 'anyone', 'cdrwa')], wanted)
