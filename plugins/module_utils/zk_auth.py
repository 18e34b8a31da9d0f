# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""ZooKeeper authentication as the collection sets it up (SASL DIGEST-MD5).

* auth_problems: what is wrong with the accounts before any host changes;
* quorum_switch: the steps a running ensemble's members pass through to
  switch SASL between them on, or that they cannot switch it off in one run;
* parents_first / wanted_acl / acl_differs: the znodes Alluxio's masters
  write with their parents, and the ACL that lets only their account change
  them while everyone still reads them (Alluxio's workers and clients find
  the leader there).

Passwords never appear in what these functions return.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath
import re

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_properties import parse_properties

# Characters a JAAS quoted value and a zoo.cfg line carry as they are.
_ACCOUNT = re.compile(r'^[A-Za-z0-9_.@-]+$')
_BAD_SECRET = re.compile(r'["\\\r\n]')

ALL = 'cdrwa'


def secret_problem(value, variable):
    """What is wrong with a password a JAAS file carries (None when nothing is); never quotes it."""
    if value is None or str(value) == '':
        return '%s is empty: set it (vault it).' % variable
    if _BAD_SECRET.search(str(value)):
        return '%s holds a double quote, a backslash or a line break, which the JAAS file cannot carry: choose another.' % variable
    return None


def account_problem(name, variable):
    """What is wrong with an account name (None when nothing is)."""
    if not _ACCOUNT.match(str(name or '')):
        return '%s is "%s": use letters, digits and . _ @ - only.' % (variable, name)
    return None


def auth_problems(enabled, users, quorum_user, quorum_password, members, switch_off_refused=False):
    """Problems of the ensemble's SASL settings (``members``: how many members)."""
    if not enabled:
        if switch_off_refused:
            return ['zookeeper_auth_enabled is false but members require SASL of each other, and a member restarted'
                    ' without it could not rejoin them: step down one run at a time (roles/zookeeper/README.md,'
                    ' "Authentication"): zookeeper_config_overrides {quorum.auth.serverRequireSasl: "false"} with'
                    ' zookeeper_auth_enabled true, then {quorum.auth.learnerRequireSasl: "false",'
                    ' quorum.auth.serverRequireSasl: "false"}, then zookeeper_auth_enabled false.']
        return []
    problems = []
    if not isinstance(users, dict) or not users:
        problems.append('zookeeper_auth_enabled is true but zookeeper_auth_users is empty, so no client could log in:'
                        ' set alluxio_zookeeper_auth_password (the masters\' account) or zookeeper_auth_users.')
        users = {}
    for name in sorted(users, key=str):
        problems.append(account_problem(name, 'an account name of zookeeper_auth_users'))
        problems.append(secret_problem(users[name], 'the password of zookeeper_auth_users account %s' % name))
    if members > 1:
        problems.append(account_problem(quorum_user, 'zookeeper_quorum_auth_user'))
        problems.append(secret_problem(quorum_password, 'zookeeper_quorum_auth_password (members log in to each other with it)'))
    return [problem for problem in problems if problem]


# A running ensemble switches quorum SASL on in steps, one rolling restart
# each, as ZooKeeper's documentation asks: members first offer it (a learner
# that does not require it skips it), then learners require it, then servers.
# Two neighbouring steps can run side by side; others cannot.
QUORUM_STEPS = (
    {},
    {'quorum.auth.enableSasl': 'true', 'quorum.auth.learnerRequireSasl': 'false', 'quorum.auth.serverRequireSasl': 'false'},
    {'quorum.auth.enableSasl': 'true', 'quorum.auth.learnerRequireSasl': 'true', 'quorum.auth.serverRequireSasl': 'false'},
    {'quorum.auth.enableSasl': 'true', 'quorum.auth.learnerRequireSasl': 'true', 'quorum.auth.serverRequireSasl': 'true'},
)
_CONTEXTS = {'quorum.auth.learner.saslLoginContext': 'QuorumLearner', 'quorum.auth.server.saslLoginContext': 'QuorumServer'}
CLIENT_AUTH = {'authProvider.sasl': 'org.apache.zookeeper.server.auth.SASLAuthenticationProvider'}


def quorum_auth_config(enabled, members, step=None):
    """zoo.cfg settings for SASL: clients may log in; members log in to each
    other (``step`` of QUORUM_STEPS, the last by default)."""
    if not enabled:
        return {}
    config = dict(CLIENT_AUTH)
    if members > 1:
        step = len(QUORUM_STEPS) - 1 if step is None else step
        if step:
            config.update(QUORUM_STEPS[step])
            config.update(_CONTEXTS)
    return config


def quorum_step(text):
    """The step of QUORUM_STEPS a zoo.cfg is at (a server that requires SASL counts as the last)."""
    config = dict((key, str(value).strip().lower()) for key, value in parse_properties(text).items())
    if config.get('quorum.auth.enableSasl') != 'true':
        return 0
    if config.get('quorum.auth.serverRequireSasl') == 'true':
        return 3
    return 2 if config.get('quorum.auth.learnerRequireSasl') == 'true' else 1


def quorum_switch(configs, enabled, members):
    """How a running ensemble's members reach the wanted quorum SASL: ``(steps, refused)``.

    ``configs`` maps each member to the zoo.cfg text on it (None when it has
    none yet). ``steps`` are the steps of QUORUM_STEPS the members restart
    with, one rolling restart each, before the final settings, from the
    lowest step their zoo.cfg files are at. Switching it
    off while members require it (``refused``) takes a step down per run
    (README of the zookeeper role).
    """
    steps = [quorum_step(text) for text in configs.values() if text is not None]
    if members < 2 or not steps:
        return [], False
    if enabled:
        final = len(QUORUM_STEPS) - 1
        # The lowest step on disk is taken again: a member an interrupted run
        # left running older settings restarts with it before the next step.
        return (list(range(max(min(steps), 1), final)) if min(steps) < final else []), False
    return [], max(steps) >= 2


def parents_first(paths):
    """The znodes of ``paths`` and their parents below /, parents first, each once."""
    nodes = set()
    for path in paths:
        path = posixpath.normpath('/' + str(path).strip('/'))
        while path not in ('/', ''):
            nodes.add(path)
            path = posixpath.dirname(path)
    return sorted(nodes, key=lambda node: (node.count('/'), node))


def wanted_acl(owner):
    """``(scheme, id, perms)`` entries: the owner's account does everything, anyone reads."""
    return [('sasl', owner, ALL), ('world', 'anyone', 'r')]


def acl_text(entries):
    """``scheme:id:perms`` entries, sorted, for comparison and display."""
    return sorted('%s:%s:%s' % (scheme, ident, ''.join(sorted(perms, key=ALL.index))) for scheme, ident, perms in entries)


def acl_differs(current, wanted):
    return acl_text(current) != acl_text(wanted)
