# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Scrape targets from the inventory and the monitoring settings refused."""

from __future__ import annotations

from ansible_collections.datalake.alluxio.plugins.module_utils.monitoring import docker_problems, problems, scrape_configs

DEFAULTS = {'alluxio_master_web_port': 19999, 'alluxio_worker_web_port': 30000, 'alluxio_job_master_web_port': 20002,
            'alluxio_job_worker_web_port': 30003, 'alluxio_ha_job_services': True, 'zookeeper_metrics_port': 7000}
GROUPS = {'alluxio_masters': ['m1', 'm2'], 'alluxio_workers': ['m2', 'w1'], 'zookeeper': ['z1'], 'monitoring': ['p1']}


def _settings(**extra):
    settings = {'cluster': 'prod', 'masters_group': 'alluxio_masters', 'workers_group': 'alluxio_workers',
                'zookeeper_group': 'zookeeper', 'node_exporter': False, 'node_exporter_port': 9100,
                'node_groups': ['zookeeper', 'alluxio_masters', 'alluxio_workers', 'monitoring'], 'defaults': DEFAULTS}
    settings.update(extra)
    return settings


def _targets(jobs):
    return {job['job_name']: [(c['targets'][0], c['labels']['host'], c['labels']['role']) for c in job['static_configs']]
            for job in jobs}


def test_targets_follow_the_inventory_with_each_hosts_own_values():
    hostvars = {'m1': {'alluxio_hostname': 'm1.example'}, 'm2': {'alluxio_master_web_port': 29999},
                'w1': {'alluxio_ha_job_services': 'false'}, 'z1': {}, 'p1': {}}
    jobs = scrape_configs(hostvars, GROUPS, _settings())
    assert _targets(jobs) == {
        'alluxio_master': [('m1.example:19999', 'm1', 'master'), ('m2:29999', 'm2', 'master')],
        'alluxio_worker': [('m2:30000', 'm2', 'worker'), ('w1:30000', 'w1', 'worker')],
        'alluxio_job_master': [('m1.example:20002', 'm1', 'job_master'), ('m2:20002', 'm2', 'job_master')],
        # w1 turned the job services off with a string, as AWX sends it.
        'alluxio_job_worker': [('m2:30003', 'm2', 'job_worker')],
        'zookeeper': [('z1:7000', 'z1', 'zookeeper')],
    }
    assert {job['metrics_path'] for job in jobs if job['job_name'].startswith('alluxio')} == {'/metrics/prometheus/'}
    assert all(c['labels']['cluster'] == 'prod' for job in jobs for c in job['static_configs'])


def test_node_exporters_of_every_host_once_and_zookeeper_metrics_off():
    hostvars = {'z1': {'zookeeper_metrics_port': 0}}
    jobs = scrape_configs(hostvars, GROUPS, _settings(node_exporter='true'))
    targets = _targets(jobs)
    assert 'zookeeper' not in targets
    assert [t[0] for t in targets['node']] == ['z1:9100', 'm1:9100', 'm2:9100', 'w1:9100', 'p1:9100']


def test_no_hosts_no_jobs():
    assert scrape_configs({}, {}, _settings()) == []


GOOD = {'monitoring_prometheus_port': 9090, 'monitoring_alertmanager_port': '9093', 'monitoring_node_exporter_port': 9100,
        'monitoring_scrape_interval': '15s', 'monitoring_evaluation_interval': '1m30s', 'monitoring_retention': '15d',
        'monitoring_leader_change_window': 900, 'monitoring_journal_checkpoint_entries': '2000000',
        'monitoring_alert_for': {'no_leader': '0s'}, 'monitoring_tier_used_ratio': 0.9,
        'monitoring_heap_used_ratio': '1', 'monitoring_alertmanager_receivers': [{'name': 'operators'}],
        'monitoring_alertmanager_route': {'receiver': 'operators'}, 'alerts': ['no_leader', 'worker_down']}


def test_good_settings_pass():
    assert problems(GOOD) == []


def test_each_bad_setting_is_named():
    bad = dict(GOOD, monitoring_prometheus_port=70000, monitoring_scrape_interval='15 seconds',
               monitoring_retention='0s', monitoring_leader_change_window=-1,
               monitoring_alert_for={'no_leader': 'soon', 'no_such': '1m'}, monitoring_tier_used_ratio=1.5,
               monitoring_alertmanager_route={'receiver': 'pager'})
    found = problems(bad)
    for name in ('monitoring_prometheus_port', 'monitoring_scrape_interval', 'monitoring_retention',
                 'monitoring_leader_change_window', 'monitoring_alert_for.no_leader', "'no_such'",
                 'monitoring_tier_used_ratio', 'monitoring_alertmanager_route.receiver'):
        assert any(name in problem for problem in found), (name, found)
    assert len(found) == 8


def test_receivers_need_names():
    assert problems(dict(GOOD, monitoring_alertmanager_receivers=[{'slack_configs': []}]))
    assert problems(dict(GOOD, monitoring_alertmanager_receivers=[]))


DOCKER_PLAN = [
    {'name': 'd-master1', 'process': 'master', 'web_port': 19999, 'metrics_target': '10.0.0.5:19100'},
    {'name': 'd-worker1', 'process': 'worker', 'web_port': 30000, 'metrics_target': '10.0.0.5:19101'},
    {'name': 'd-client1', 'process': 'client', 'web_port': None, 'metrics_target': None},
]


def test_docker_containers_join_the_jobs_of_their_process():
    groups = {'alluxio_docker': ['dh1'], 'monitoring': ['p1']}
    jobs = scrape_configs({'dh1': {'alluxio_docker_host_plan': DOCKER_PLAN}}, groups,
                          _settings(docker_group='alluxio_docker'))
    assert _targets(jobs) == {'alluxio_master': [('10.0.0.5:19100', 'd-master1', 'master')],
                              'alluxio_worker': [('10.0.0.5:19101', 'd-worker1', 'worker')]}
    assert docker_problems({'dh1': {'alluxio_docker_host_plan': DOCKER_PLAN}}, groups,
                           {'docker_group': 'alluxio_docker'}) == []


def test_docker_containers_prometheus_cannot_reach_are_refused():
    blind = [dict(c, metrics_target=None) for c in DOCKER_PLAN]
    groups = {'alluxio_docker': ['dh1', 'dh2']}
    found = docker_problems({'dh1': {'alluxio_docker_host_plan': blind}, 'dh2': {}}, groups,
                            {'docker_group': 'alluxio_docker'})
    assert len(found) == 2
    assert found[0].startswith('Prometheus cannot reach d-master1, d-worker1 on Docker host dh1')
    assert 'set alluxio_docker_metrics_address on dh1' in found[0]
    assert 'the containers of Docker host dh2 are not known' in found[1]
