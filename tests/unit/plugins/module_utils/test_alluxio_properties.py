# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Java properties, ${} substitution and alluxio-env.sh parsing."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_properties import (
    java_opts_defines,
    parse_env_file,
    parse_properties,
    resolve,
)


def test_separators_and_comments():
    text = '\n'.join([
        '# comment',
        '! also a comment',
        '   # indented comment',
        'alluxio.master.hostname=master1',
        'alluxio.master.journal.type : UFS',
        'alluxio.zookeeper.enabled true',
        'alluxio.a   =   spaced value  ',
        'key.with.empty.value=',
        'lonely.key',
        '',
    ])
    props = parse_properties(text)
    assert props == {
        'alluxio.master.hostname': 'master1',
        'alluxio.master.journal.type': 'UFS',
        'alluxio.zookeeper.enabled': 'true',
        'alluxio.a': 'spaced value  ',
        'key.with.empty.value': '',
        'lonely.key': '',
    }


def test_continuation_lines_join_and_strip_leading_whitespace():
    text = ('alluxio.zookeeper.address=zk1:2181,\\\n'
            '    zk2:2181,\\\n'
            '\tzk3:2181\n'
            'next=1\n')
    props = parse_properties(text)
    assert props['alluxio.zookeeper.address'] == 'zk1:2181,zk2:2181,zk3:2181'
    assert props['next'] == '1'


def test_escaped_backslash_is_not_a_continuation():
    props = parse_properties('path=C:\\\\dir\\\\\nother=2\n')
    assert props == {'path': 'C:\\dir\\', 'other': '2'}


def test_comment_marker_inside_continuation_is_content():
    props = parse_properties('a=1,\\\n# not a comment\n')
    assert props == {'a': '1,# not a comment'}


def test_escapes_in_keys_and_values():
    props = parse_properties('my\\ key\\=x = caf\\u00e9\\tend\nurl=hdfs\\://nn:8020/j\n')
    assert props['my key=x'] == 'caf\u00e9\tend'
    assert props['url'] == 'hdfs://nn:8020/j'


def test_last_definition_wins():
    assert parse_properties('a=1\na=2\n') == {'a': '2'}


def test_whitespace_then_separator():
    assert parse_properties('key  =  v\nk2 :v2\n') == {'key': 'v', 'k2': 'v2'}


def test_resolve_nested_references():
    raw = {
        'alluxio.home': '/opt/alluxio',
        'alluxio.work.dir': '${alluxio.home}',
        'alluxio.master.journal.folder': '${alluxio.work.dir}/journal',
    }
    assert resolve('${alluxio.master.journal.folder}/x', raw.get) == '/opt/alluxio/journal/x'


def test_resolve_leaves_unknown_references():
    assert resolve('${nope}/j', {}.get) == '${nope}/j'


def test_resolve_detects_cycles():
    raw = {'a': '${b}', 'b': '${a}'}
    with pytest.raises(ValueError, match='cycle'):
        resolve('${a}', raw.get)


def test_env_file_assignments_and_defines():
    text = '\n'.join([
        '#!/usr/bin/env bash',
        '# ALLUXIO_JAVA_OPTS="-Dcommented=out"',
        'ALLUXIO_MASTER_HOSTNAME=${ALLUXIO_MASTER_HOSTNAME:-"master1"}',
        'export ALLUXIO_JAVA_OPTS="-Dalluxio.master.journal.folder=/data/journal -Xmx1g"',
        'ALLUXIO_JAVA_OPTS+=" -Dalluxio.zookeeper.enabled=true -Dalluxio.zookeeper.address=zk1:2181,zk2:2181"',
        'ALLUXIO_MASTER_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} -Dalluxio.master.journal.type=UFS"',
        'ALLUXIO_LOGS_DIR=$ALLUXIO_HOME/var/logs',
        'if [ -n "$X" ]; then echo; fi',
    ])
    env = parse_env_file(text, initial={'ALLUXIO_HOME': '/opt/alluxio'})
    assert env['ALLUXIO_MASTER_HOSTNAME'] == 'master1'
    assert env['ALLUXIO_LOGS_DIR'] == '/opt/alluxio/var/logs'
    defines = java_opts_defines(env, ('ALLUXIO_JAVA_OPTS', 'ALLUXIO_MASTER_JAVA_OPTS'))
    assert defines == {
        'alluxio.master.journal.folder': '/data/journal',
        'alluxio.zookeeper.enabled': 'true',
        'alluxio.zookeeper.address': 'zk1:2181,zk2:2181',
        'alluxio.master.journal.type': 'UFS',
    }
    assert 'commented' not in defines


def test_env_file_default_is_overridden_by_earlier_value():
    env = parse_env_file('ALLUXIO_RAM_FOLDER=${ALLUXIO_RAM_FOLDER:-/mnt/ramdisk}\n',
                         initial={'ALLUXIO_RAM_FOLDER': '/dev/shm'})
    assert env['ALLUXIO_RAM_FOLDER'] == '/dev/shm'
