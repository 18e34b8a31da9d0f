# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Testinfra helpers shared by the scenarios that deploy an Alluxio cluster.

A scenario's tests import them after putting this folder on sys.path:
the nodes of the molecule inventory, a host by name, the Alluxio CLI as the
service account, the rendered properties, and the `first_master` fixture for
cluster-wide checks that must run once.
"""

import os

import pytest
import testinfra
import testinfra.utils.ansible_runner

INVENTORY = os.environ['MOLECULE_INVENTORY_FILE']
RUNNER = testinfra.utils.ansible_runner.AnsibleRunner(INVENTORY)
MASTERS = sorted(RUNNER.get_hosts('alluxio_masters'))
WORKERS = sorted(RUNNER.get_hosts('alluxio_workers'))
# testinfra's runner does not expand nested groups such as `alluxio`.
ALLUXIO_NODES = sorted(set(MASTERS) | set(WORKERS))
ALLUXIO = '/opt/alluxio/bin/alluxio'
SITE = '/opt/alluxio/conf/alluxio-site.properties'


def node(name):
    """Another instance, reached as the tests' own host is: over ssh as the operator, through sudo."""
    return testinfra.get_host('ansible://%s?ansible_inventory=%s' % (name, INVENTORY), sudo=True)


def name_of(host):
    return host.backend.get_hostname()


def as_alluxio(host, command):
    return host.check_output('runuser -u alluxio -- %s %s' % (ALLUXIO, command))


def properties(host):
    lines = host.file(SITE).content_string.splitlines()
    return dict(line.split('=', 1) for line in lines if line and not line.startswith('#'))


def unit_exposure(host, unit):
    """The overall exposure `systemd-analyze security` gives ``unit`` on ``host``, printed (a figure of the run)."""
    out = host.check_output('systemd-analyze security --no-pager %s' % unit)
    level = [line for line in out.splitlines() if 'Overall exposure level' in line]
    print('%s %s: %s' % (name_of(host), unit, level[0] if level else out[-300:]))
    assert level, out[-2000:]
    return float(level[0].split(':')[1].split()[0])


def sandbox_settings(host, unit):
    """The sandbox settings systemd applies to ``unit``."""
    out = host.check_output('systemctl show -p NoNewPrivileges -p ProtectSystem -p UMask -p PrivateTmp %s' % unit)
    return dict(line.split('=', 1) for line in out.splitlines())


def writable_for(host, pid, path):
    """Whether ``path`` lies on a writable mount in the mount namespace of process ``pid``.

    Read from /proc/<pid>/mountinfo: root in a lab container cannot enter
    another account's namespace (no CAP_SYS_PTRACE) but reads its mount table.
    Of the mounts whose mount point holds ``path``, the deepest, and of those
    the last (mounted over the others), decides.
    """
    best, options = '', ''
    for line in host.file('/proc/%s/mountinfo' % pid).content_string.splitlines():
        fields = line.split()
        point = fields[4]
        if (path == point or path.startswith(point.rstrip('/') + '/')) and len(point) >= len(best):
            best, options = point, fields[5]
    return options.split(',')[0] == 'rw'


HARDENED = {'NoNewPrivileges': 'yes', 'ProtectSystem': 'strict', 'UMask': '0027', 'PrivateTmp': 'yes'}


@pytest.fixture
def first_master(host):
    if name_of(host) != MASTERS[0]:
        pytest.skip('cluster-wide check, run from %s only' % MASTERS[0])
    return host
