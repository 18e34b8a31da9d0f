# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""End to end: ansible-playbook run from the checkout resolves datalake.alluxio.alluxio_leader."""

from __future__ import annotations

import os
import subprocess
import sys

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
BIN_DIR = os.path.dirname(sys.executable)

PLAYBOOK = """\
- name: Find the Alluxio leader through ZooKeeper
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read the leader as a dict
      ansible.builtin.set_fact:
        leader: "{{ lookup('datalake.alluxio.alluxio_leader', format='dict') }}"

    - name: Check it
      ansible.builtin.assert:
        that:
          - leader.host == 'master1'
          - leader.port == 19998
          - leader.candidates | length == 1
          - query('datalake.alluxio.alluxio_leader', '/alluxio/leader', '/alluxio/job_leader',
                  format='host') == ['master1', 'master1']
"""


def run_playbook(tmp_path, env):
    playbook = tmp_path / 'leader.yml'
    playbook.write_text(PLAYBOOK)
    return subprocess.run(
        [os.path.join(BIN_DIR, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(playbook)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def base_env(hosts):
    env = dict(os.environ, ALLUXIO_ZK_HOSTS=hosts, ANSIBLE_NOCOLOR='1')
    env.pop('ANSIBLE_CONFIG', None)  # the checkout's ansible.cfg must do the resolving
    env.pop('ANSIBLE_COLLECTIONS_PATH', None)
    return env


def test_playbook_from_the_checkout(zk, tmp_path):
    zk.client.create('/alluxio/leader/master1:19998', ephemeral=True, makepath=True)
    zk.client.create('/alluxio/job_leader/master1:20001', ephemeral=True, makepath=True)
    result = run_playbook(tmp_path, base_env(zk.hosts))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'ok=2' in result.stdout and 'failed=0' in result.stdout


def test_missing_kazoo_is_reported(zk, tmp_path):
    shadow = tmp_path / 'no-kazoo' / 'kazoo'
    shadow.mkdir(parents=True)
    (shadow / '__init__.py').write_text("raise ImportError('kazoo hidden by the test')\n")
    env = base_env(zk.hosts)
    env['PYTHONPATH'] = str(shadow.parent)
    result = run_playbook(tmp_path, env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert 'Failed to import the required Python library (kazoo)' in output
    assert 'kazoo hidden by the test' in output
