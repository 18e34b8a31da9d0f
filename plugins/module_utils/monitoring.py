# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""What the monitoring role scrapes and refuses (roles/monitoring).

* scrape_configs: Prometheus scrape jobs for the cluster of the inventory:
  each Alluxio master, worker, job master and job worker (the Prometheus sink
  of conf/metrics.properties, on the process's web port), each ZooKeeper
  member (its metrics provider's port) and, where asked, each host's node
  exporter; in Docker mode each container's ``metrics_target`` of the
  alluxio_docker role's plan. Every target carries the labels ``cluster``,
  ``role`` and ``host`` (the inventory name, or the container's), which the
  alert rules group and name by.
* problems: the role's settings it refuses, each naming the variable and the fix.
* docker_problems: Docker hosts whose containers Prometheus cannot reach.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cluster import host_var, node_addresses
from ansible_collections.datalake.alluxio.plugins.module_utils.ports import tcp_port

# Prometheus' duration syntax (units in descending order, at least one).
_DURATION = re.compile(r'^(?=\d)((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$')

# Alluxio processes: job name, group setting, web port variable, role label,
# whether it runs only where the job services are on.
ALLUXIO_JOBS = (
    ('alluxio_master', 'masters_group', 'alluxio_master_web_port', 'master', False),
    ('alluxio_worker', 'workers_group', 'alluxio_worker_web_port', 'worker', False),
    ('alluxio_job_master', 'masters_group', 'alluxio_job_master_web_port', 'job_master', True),
    ('alluxio_job_worker', 'workers_group', 'alluxio_job_worker_web_port', 'job_worker', True),
)
ALLUXIO_METRICS_PATH = '/metrics/prometheus/'
# The process of a Docker container (its role label) -> its scrape job.
DOCKER_JOBS = dict((role, name) for name, _group, _port, role, _job_service in ALLUXIO_JOBS)


def _var(hostvars, host, name, default):
    value = host_var(hostvars, host, name)
    return default if value is None or value == '' else value


def _bool(value):
    """As Ansible's ``bool`` filter reads it (AWX sends "true"/"false")."""
    return boolean(value, strict=False)


def _members(groups, name):
    return list(groups.get(name) or []) if name else []


def _job(name, role, cluster, targets, metrics_path, interval):
    """One scrape job; ``targets`` is a list of (host, address:port)."""
    job = {
        'job_name': name,
        'metrics_path': metrics_path,
        'static_configs': [{'targets': [target], 'labels': {'cluster': cluster, 'role': role, 'host': host}}
                           for host, target in targets],
    }
    if interval:
        job['scrape_interval'] = interval
    return job


def _docker_plans(hostvars, groups, settings):
    """(Docker host, its containers or None when unknown) for each host of the Docker group."""
    return [(h, host_var(hostvars, h, 'alluxio_docker_host_plan'))
            for h in _members(groups, settings.get('docker_group'))]


def docker_targets(hostvars, groups, settings):
    """{job name: [(container, address:port)]} of the Docker containers Prometheus can reach."""
    found = {}
    for _host, plan in _docker_plans(hostvars, groups, settings):
        for c in plan or []:
            job = DOCKER_JOBS.get(c.get('process'))
            if job and c.get('metrics_target'):
                found.setdefault(job, []).append((c['name'], c['metrics_target']))
    return found


def docker_problems(hostvars, groups, settings):
    """The Docker hosts whose containers Prometheus would not see, as sentences naming the fix."""
    found = []
    for host, plan in _docker_plans(hostvars, groups, settings):
        if plan is None:
            found.append('the containers of Docker host %s are not known (the plan entry point of role '
                         'datalake.alluxio.alluxio_docker did not run on it): run the play through '
                         'playbooks/preflight.yml, which plans every Docker host' % host)
            continue
        blind = [c['name'] for c in plan if c.get('web_port') and not c.get('metrics_target')]
        if blind:
            found.append('Prometheus cannot reach %s on Docker host %s (bridge network, web port not published): set '
                         'alluxio_docker_metrics_address on %s to its IP on the cluster network, so that the role '
                         'publishes each web port there' % (', '.join(blind), host, host))
    return found


def scrape_configs(hostvars, groups, settings):
    """The scrape jobs of the cluster, in a stable order; jobs without targets are left out.

    ``settings``: ``cluster`` (label), ``masters_group``, ``workers_group``,
    ``zookeeper_group``, ``node_groups`` (hosts whose node exporter is
    scraped, when ``node_exporter`` is true), ``node_exporter_port``,
    ``scrape_interval`` (optional), ``docker_group`` (Docker hosts, whose
    containers are scraped), and ``defaults``: the roles' defaults for
    the per-host variables (``alluxio_master_web_port``, ...,
    ``alluxio_ha_job_services``, ``zookeeper_metrics_port``).
    """
    defaults = settings.get('defaults') or {}
    cluster = settings['cluster']
    interval = settings.get('scrape_interval')
    jobs = []
    containers = docker_targets(hostvars, groups, settings)
    for name, group_key, port_var, role, job_service in ALLUXIO_JOBS:
        hosts = _members(groups, settings.get(group_key))
        if job_service:
            hosts = [h for h in hosts
                     if _bool(_var(hostvars, h, 'alluxio_ha_job_services', defaults.get('alluxio_ha_job_services', True)))]
        targets = [(host, '%s:%s' % (address, _var(hostvars, host, port_var, defaults.get(port_var))))
                   for host, address in zip(hosts, node_addresses(hosts, hostvars))]
        targets += containers.get(name, [])
        if targets:
            jobs.append(_job(name, role, cluster, targets, ALLUXIO_METRICS_PATH, interval))
    ports = [(h, _var(hostvars, h, 'zookeeper_metrics_port', defaults.get('zookeeper_metrics_port')))
             for h in _members(groups, settings.get('zookeeper_group'))]
    targets = [(h, '%s:%s' % (h, port)) for h, port in ports if int(port or 0) > 0]
    if targets:
        jobs.append(_job('zookeeper', 'zookeeper', cluster, targets, '/metrics', interval))
    if _bool(settings.get('node_exporter', False)):
        hosts = []
        for group in settings.get('node_groups') or []:
            hosts.extend(h for h in _members(groups, group) if h not in hosts)
        if hosts:
            jobs.append(_job('node', 'node', cluster,
                             [(h, '%s:%s' % (h, settings['node_exporter_port'])) for h in hosts], '/metrics', interval))
    return jobs


def _port_problem(name, value):
    if tcp_port(value) is None:
        return '%s is %r; it must be a TCP port (1-65535).' % (name, value)
    return None


def problems(settings):
    """The settings the role refuses, as sentences naming the variable and the fix."""
    found = []
    for name in ('monitoring_prometheus_port', 'monitoring_alertmanager_port', 'monitoring_node_exporter_port'):
        problem = _port_problem(name, settings.get(name))
        if problem:
            found.append(problem)
    for name in ('monitoring_leader_change_window', 'monitoring_journal_checkpoint_entries'):
        value = settings.get(name)
        if isinstance(value, bool) or not str(value).isdigit() or int(value) < 1:
            found.append('%s is %r; it must be a positive whole number.' % (name, value))
    for name in ('monitoring_scrape_interval', 'monitoring_evaluation_interval', 'monitoring_retention'):
        value = settings.get(name)
        if not _DURATION.match(str(value)) or str(value) in ('0s', '0m', '0ms'):
            found.append('%s is %r; it must be a Prometheus duration such as 15s, 5m or 15d. Fix: set it to one.'
                         % (name, value))
    for key, value in sorted((settings.get('monitoring_alert_for') or {}).items()):
        if key not in settings.get('alerts', ()):
            found.append('monitoring_alert_for has %r, which is no alert of the role; known: %s.'
                         % (key, ', '.join(sorted(settings.get('alerts', ())))))
        elif not _DURATION.match(str(value)):
            found.append('monitoring_alert_for.%s is %r; it must be a Prometheus duration such as 0s, 30s or 5m.'
                         % (key, value))
    for name in ('monitoring_tier_used_ratio', 'monitoring_heap_used_ratio'):
        value = settings.get(name)
        try:
            ratio = float(value)
        except (TypeError, ValueError):
            ratio = -1.0
        if isinstance(value, bool) or not 0 < ratio <= 1:
            found.append('%s is %r; it must be a fraction above 0 and at most 1 (0.9: 90%%).' % (name, value))
    receivers = settings.get('monitoring_alertmanager_receivers')
    names = [r.get('name') for r in receivers or [] if isinstance(r, dict)]
    if not names or len(names) != len(receivers):
        found.append('monitoring_alertmanager_receivers must be a non-empty list of receivers, each with a name '
                     '(Alertmanager receiver syntax).')
    route = settings.get('monitoring_alertmanager_route') or {}
    if names and route.get('receiver') not in names:
        found.append('monitoring_alertmanager_route.receiver is %r, which is none of monitoring_alertmanager_receivers '
                     '(%s). Fix: name one of them.' % (route.get('receiver'), ', '.join(map(str, names))))
    return found
