# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Run one AWX job template of playbooks/awx/job_templates.yml the way AWX runs it.

AWX hands every job to ansible-runner with a private data directory; this
harness lays that directory out the same way and calls ``ansible_runner.run``:

    project/          the checkout (a symbolic link; AWX copies the synced project)
    inventory/hosts   an executable script printing the inventory as JSON, like
                      AWX's; every host rewritten to ssh (ansible_connection=ssh,
                      ansible_host=<address from --hosts-json>); an
                      ansible_user of the inventory is kept: in AWX it beats the
                      machine credential's username (-u)
    env/extravars     survey defaults, then the answers (--answer) to questions
                      the survey asks (AWX drops the others: no prompt on
                      launch), then AWX's awx_* job variables
    env/ssh_key       the machine credential's key (runner loads it into ssh-agent)
    env/envvars       what AWX puts in a job's environment: ANSIBLE_HOST_KEY_CHECKING=False,
                      ANSIBLE_PARAMIKO_RECORD_HOST_KEYS=False, ANSIBLE_FORCE_COLOR=True,
                      ANSIBLE_INVENTORY_UNPARSED_FAILED=True, ANSIBLE_RETRY_FILES_ENABLED=False,
                      ANSIBLE_SSH_CONTROL_PATH_DIR, ANSIBLE_COLLECTIONS_PATH, JOB_ID,
                      AWX_PRIVATE_DATA_DIR
    env/settings      job_timeout (the template's timeout), suppress_ansible_output
    env/cmdline       -u root, --become (template's privilege escalation), -l <limit>, -v...

Before anything runs, the answers are checked against the template's survey
as AWX checks them before a launch (exit 2 with the reasons); answers to
questions the survey does not ask are dropped with a warning, as AWX drops
them. After the run it prints a JSON summary from runner's events
(playbook_on_stats, with set_stats data in its artifact_data) and the extra
vars the job got, and exits 1 when the job failed, or when --expect-changed /
--expect-failure do not hold.

Usage: see tests/runner/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
TEMPLATES_FILE = REPO / 'playbooks' / 'awx' / 'job_templates.yml'

# What AWX's settings put into every job's environment (its ANSIBLE_* settings)
# and what its RunJob adds.
AWX_ENV = {
    'ANSIBLE_HOST_KEY_CHECKING': 'False',
    'ANSIBLE_PARAMIKO_RECORD_HOST_KEYS': 'False',
    'ANSIBLE_FORCE_COLOR': 'True',
    'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'True',
    'ANSIBLE_RETRY_FILES_ENABLED': 'False',
}
# Connection variables the rewrite replaces (molecule's docker connection and
# friends). ansible_user stays: AWX gives the inventory's over the credential's.
_CONNECTION_VARS = re.compile(r'^ansible_(connection|host|ssh_host|port|ssh_port|password|ssh_pass|'
                              r'private_key_file|ssh_private_key_file|ssh_common_args|ssh_extra_args|docker_.*|become_password)$')
_USER_VARS = ('ansible_user', 'ansible_ssh_user')
_INT = re.compile(r'^-?\d+$')
_FLOAT = re.compile(r'^-?\d+(\.\d+)?$')


class UsageError(Exception):
    """Bad input: reported before anything runs (exit 2)."""


def _collection_imports():
    import warnings
    from ansible.plugins.loader import init_plugin_loader
    with warnings.catch_warnings():
        # Under pytest the conftest has configured the loader already.
        warnings.simplefilter('ignore')
        init_plugin_loader([str(REPO / 'collections')])
    from ansible_collections.datalake.alluxio.plugins.module_utils import awx_survey
    return awx_survey


def load_templates(path=TEMPLATES_FILE):
    with open(path, encoding='utf-8') as handle:
        return yaml.safe_load(handle) or {}


def role_specs(repo=REPO):
    specs = {}
    for path in sorted(Path(repo).glob('roles/*/meta/argument_specs.yml')):
        with open(path, encoding='utf-8') as handle:
            specs[path.parts[-3]] = yaml.safe_load(handle)
    return specs


def find_template(data, name):
    for template in data.get('job_templates') or []:
        if template['name'] == name:
            return template
    known = ', '.join(t['name'] for t in data.get('job_templates') or [])
    raise UsageError('no job template %r (known: %s)' % (name, known))


def parse_answers(pairs, survey):
    """--answer key=value strings, typed as the survey question asks (AWX's UI does the same)."""
    types = {q['variable']: q['type'] for q in survey.get('spec') or []}
    answers = {}
    for pair in pairs or []:
        if '=' not in pair:
            raise UsageError('--answer %r: expected key=value' % pair)
        key, value = pair.split('=', 1)
        kind = types.get(key)
        if kind == 'integer' and _INT.match(value):
            answers[key] = int(value)
        elif kind == 'float' and _FLOAT.match(value):
            answers[key] = float(value)
        elif kind == 'multiselect':
            answers[key] = [v for v in value.split(',') if v]
        else:
            answers[key] = value
    return answers


def read_inventory(sources, ansible_inventory='ansible-inventory'):
    """The inventory as ansible-inventory --list --export prints it (group vars stay on groups).

    A file whose directory also holds molecule's ``hosts`` file (the extra
    groups of provisioner.inventory.hosts) is read together with it, as
    molecule itself does.
    """
    args = [ansible_inventory, '--list', '--export']
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise UsageError('inventory %s does not exist' % source)
        args += ['-i', str(path)]
        sibling = path.parent / 'hosts'
        if path.is_file() and path.name != 'hosts' and sibling.is_file():
            args += ['-i', str(sibling)]
    env = {k: v for k, v in os.environ.items() if not k.startswith('ANSIBLE_')}
    env['ANSIBLE_CONFIG'] = str(REPO / 'ansible.cfg')
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=str(REPO), check=False)
    if result.returncode != 0:
        raise UsageError('ansible-inventory failed on %s:\n%s' % (' '.join(sources), result.stderr.strip()))
    return json.loads(result.stdout)


def rewrite_inventory(inventory, addresses):
    """Every host reached over ssh at its address from ``addresses``, as AWX reaches real hosts."""
    inventory = json.loads(json.dumps(inventory))
    hostvars = inventory.setdefault('_meta', {}).setdefault('hostvars', {})
    hosts = set(hostvars)
    for name, group in inventory.items():
        if name != '_meta' and isinstance(group, dict):
            hosts.update(group.get('hosts') or [])
            for key in list((group.get('vars') or {})):
                if _CONNECTION_VARS.match(key):
                    del group['vars'][key]
    missing = sorted(h for h in hosts if h not in addresses)
    if missing:
        raise UsageError('no address for host(s) %s in --hosts-json' % ', '.join(missing))
    for host in sorted(hosts):
        current = {k: v for k, v in (hostvars.get(host) or {}).items() if not _CONNECTION_VARS.match(k)}
        current.update(ansible_connection='ssh', ansible_host=addresses[host])
        hostvars[host] = current
    return inventory


def inventory_script(inventory):
    """inventory/hosts as AWX writes it: a Python script that prints the JSON."""
    return '#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint(%r)\n' % json.dumps(inventory)


def inventory_users(inventory):
    """The login accounts an inventory sets itself (host and group vars), which beat -u in AWX."""
    found = set()
    for name, group in inventory.items():
        if name == '_meta' or not isinstance(group, dict):
            continue
        found.update(str(v) for k, v in (group.get('vars') or {}).items() if k in _USER_VARS)
    for values in ((inventory.get('_meta') or {}).get('hostvars') or {}).values():
        found.update(str(v) for k, v in values.items() if k in _USER_VARS)
    return sorted(found)


def cmdline_args(template, user='ops', limit=None, verbosity=None):
    """ansible-playbook options as AWX's RunJob builds them for a job template."""
    args = ['-u', user]
    if template.get('become'):
        args.append('--become')
    limit = template.get('limit') if limit is None else limit
    if limit:
        args += ['-l', limit]
    verbosity = int(template.get('verbosity', 0) if verbosity is None else verbosity)
    if verbosity:
        args.append('-' + 'v' * min(5, verbosity))
    return args


def _write(path, text, mode=0o600):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text(text, encoding='utf-8')
    os.chmod(path, mode)
    return path


def _git_revision(repo=REPO):
    try:
        return subprocess.run(['git', '-C', str(repo), 'rev-parse', 'HEAD'], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ''


def build_private_data_dir(pdd, template, inventory, extravars, ssh_key, ident, repo=REPO, limit=None,
                           verbosity=None, user='ops'):
    """Lay out ``pdd`` as AWX does for a job; returns the kwargs for ansible_runner.run."""
    pdd = Path(pdd)
    pdd.mkdir(parents=True, exist_ok=True)
    os.chmod(pdd, stat.S_IRWXU)
    for sub in ('inventory', 'env', 'cp'):
        (pdd / sub).mkdir(mode=0o700, exist_ok=True)
    project = pdd / 'project'
    if not project.exists():
        project.symlink_to(repo, target_is_directory=True)
    hosts = _write(pdd / 'inventory' / 'hosts', inventory_script(inventory), mode=0o700)
    meta = {
        'awx_job_id': ident,
        'awx_job_template_name': template['name'],
        'awx_job_launch_type': 'manual',
        'awx_project_revision': _git_revision(repo),
        'awx_execution_node': 'localhost',
    }
    _write(pdd / 'env' / 'extravars', yaml.safe_dump(dict(extravars, **meta), default_flow_style=False))
    key = Path(ssh_key).read_text(encoding='utf-8')
    _write(pdd / 'env' / 'ssh_key', key if key.endswith('\n') else key + '\n')
    envvars = dict(AWX_ENV)
    envvars.update({
        'JOB_ID': str(ident),
        'AWX_PRIVATE_DATA_DIR': str(pdd),
        'ANSIBLE_SSH_CONTROL_PATH_DIR': str(pdd / 'cp'),
        # AWX puts the project's collections_path (ansible.cfg) after the
        # collections of the project sync; the installed ones come last.
        'ANSIBLE_COLLECTIONS_PATH': ':'.join([str(pdd / 'requirements_collections'), str(project / 'collections'),
                                              '~/.ansible/collections', '/usr/share/ansible/collections']),
    })
    _write(pdd / 'env' / 'envvars', yaml.safe_dump(envvars, default_flow_style=False))
    settings = {
        'job_timeout': int(template.get('timeout') or 0),
        'suppress_ansible_output': True,
        'suppress_output_file': False,
    }
    _write(pdd / 'env' / 'settings', json.dumps(settings))
    _write(pdd / 'env' / 'cmdline', ' '.join(_quote(a) for a in cmdline_args(template, user=user, limit=limit, verbosity=verbosity)))
    return {
        'private_data_dir': str(pdd),
        'ident': str(ident),
        'playbook': template['playbook'],
        'inventory': str(hosts),
    }


def _quote(arg):
    import shlex
    return shlex.quote(arg)


def summarize(status, rc, events, template, pdd=None, ident=None):
    """JSON-able summary from runner's status, rc and events."""
    stats = {}
    for event in events:
        if event.get('event') == 'playbook_on_stats':
            stats = event.get('event_data') or {}
    per_host = {}
    for field, key in (('ok', 'ok'), ('changed', 'changed'), ('failures', 'failed'), ('dark', 'unreachable'),
                       ('skipped', 'skipped'), ('rescued', 'rescued'), ('ignored', 'ignored')):
        for host, count in (stats.get(field) or {}).items():
            per_host.setdefault(host, {k: 0 for k in ('ok', 'changed', 'failed', 'unreachable', 'skipped',
                                                      'rescued', 'ignored')})[key] = count
    failed_tasks = [
        {'host': e['event_data'].get('host'), 'task': e['event_data'].get('task'),
         'msg': (e['event_data'].get('res') or {}).get('msg')}
        for e in events if e.get('event') in ('runner_on_failed', 'runner_on_unreachable')
        and not e.get('event_data', {}).get('ignore_errors')
    ]
    summary = {
        'template': template['name'],
        'playbook': template['playbook'],
        'status': status,
        'rc': rc,
        'hosts': per_host,
        'changed': sum(h['changed'] for h in per_host.values()),
        'failed_hosts': sorted(h for h, v in per_host.items() if v['failed'] or v['unreachable']),
        'failed_tasks': failed_tasks[:20],
        'artifacts': stats.get('artifact_data') or {},
    }
    if pdd is not None:
        summary['private_data_dir'] = str(pdd)
        summary['stdout'] = str(Path(pdd) / 'artifacts' / str(ident) / 'stdout')
    return summary


def verdict(summary, expect_changed=None, expect_failure=False):
    """(exit code, reason): 0 when the job did what was expected."""
    failed = summary['status'] != 'successful' or summary['rc'] != 0 or bool(summary['failed_hosts'])
    if expect_failure:
        if not failed:
            return 1, 'expected the job to fail, it succeeded'
    elif failed:
        failed_hosts = ', '.join(summary['failed_hosts']) or '-'
        return 1, 'job %s (rc=%s), failed hosts: %s' % (summary['status'], summary['rc'], failed_hosts)
    if expect_changed is not None and summary['changed'] != expect_changed:
        return 1, 'expected %d changed, got %d (%s)' % (
            expect_changed, summary['changed'],
            ', '.join('%s=%d' % (h, v['changed']) for h, v in sorted(summary['hosts'].items())))
    return 0, 'ok'


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Run an AWX job template of datalake.alluxio through ansible-runner.')
    parser.add_argument('--template', required=True, help='job template name (playbooks/awx/job_templates.yml)')
    parser.add_argument('--inventory', required=True, action='append',
                        help='inventory file or directory (repeatable), e.g. molecule\'s ansible_inventory.yml')
    parser.add_argument('--hosts-json', required=True, help='JSON file: inventory_hostname -> address')
    parser.add_argument('--ssh-key', required=True, help='private key of the machine credential')
    parser.add_argument('--user', default='ops', help="the machine credential's username, passed as -u (default: %(default)s)")
    parser.add_argument('--answer', action='append', default=[], metavar='KEY=VALUE', help='survey answer (repeatable)')
    parser.add_argument('--expect-changed', type=int, help='exit 1 unless the total changed count is this')
    parser.add_argument('--expect-failure', action='store_true', help='exit 0 only when the job fails')
    parser.add_argument('--limit', help="override the template's limit")
    parser.add_argument('--verbosity', type=int, choices=range(0, 6), help="override the template's verbosity")
    parser.add_argument('--templates', default=str(TEMPLATES_FILE), help='job templates file (default: %(default)s)')
    parser.add_argument('--private-data-dir', help='use this directory (kept) instead of a temporary one')
    parser.add_argument('--keep', action='store_true', help='keep the temporary private data directory')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    awx_survey = _collection_imports()
    try:
        data = load_templates(args.templates)
        template = find_template(data, args.template)
        if not (REPO / template['playbook']).is_file():
            raise UsageError('job template %s: playbook %s is not in the project yet' % (template['name'], template['playbook']))
        survey = awx_survey.template_survey(template, role_specs())
        answers = parse_answers(args.answer, survey)
        errors = awx_survey.validate_answers(survey, answers)
        if errors:
            raise UsageError('survey answers rejected (job not launched):\n  ' + '\n  '.join(errors))
        for variable in awx_survey.ignored_answers(survey, answers):
            print('awx_job: %s is not a survey question of %s: dropped, as AWX drops it (no prompt on launch)'
                  % (variable, template['name']), file=sys.stderr)
        extravars = awx_survey.survey_extra_vars(survey, answers)
        with open(args.hosts_json, encoding='utf-8') as handle:
            addresses = json.load(handle)
        inventory = rewrite_inventory(read_inventory(args.inventory), addresses)
        others = [u for u in inventory_users(inventory) if u != args.user]
        if others:
            print('awx_job: the inventory logs in as %s, not as the machine credential\'s %s: AWX does the same '
                  '(the inventory\'s ansible_user beats -u), with the credential\'s key' % (', '.join(others), args.user),
                  file=sys.stderr)
        if not Path(args.ssh_key).is_file():
            raise UsageError('--ssh-key %s is not a file' % args.ssh_key)
    except (UsageError, awx_survey.SurveyError, OSError, ValueError) as exc:
        print('awx_job: %s' % exc, file=sys.stderr)
        return 2

    import ansible_runner

    ident = int(time.time() * 1000) % 10 ** 9
    pdd = Path(args.private_data_dir) if args.private_data_dir else Path(tempfile.mkdtemp(prefix='awx_%d_' % ident))
    kwargs = build_private_data_dir(pdd, template, inventory, extravars, args.ssh_key, ident,
                                    limit=args.limit, verbosity=args.verbosity, user=args.user)
    # A job's environment is AWX's, not the caller's: no inherited ANSIBLE_*
    # (ANSIBLE_CONFIG would replace the project's ansible.cfg, found in project/).
    for key in [k for k in os.environ if k.startswith('ANSIBLE_')]:
        del os.environ[key]
    started = time.time()
    runner = ansible_runner.run(quiet=True, **kwargs)
    summary = summarize(runner.status, runner.rc, list(runner.events), template, pdd=pdd, ident=ident)
    summary['seconds'] = round(time.time() - started, 1)
    summary['extravars'] = extravars
    code, reason = verdict(summary, args.expect_changed, args.expect_failure)
    summary['verdict'] = reason
    print(json.dumps(summary, indent=2, sort_keys=True, default=str))
    if code and Path(summary['stdout']).is_file():
        tail = Path(summary['stdout']).read_text(encoding='utf-8', errors='replace').splitlines()[-40:]
        print('\n'.join(tail), file=sys.stderr)
    if not (args.private_data_dir or args.keep or code):
        shutil.rmtree(pdd, ignore_errors=True)
    elif not args.private_data_dir:
        print('awx_job: private data directory kept: %s' % pdd, file=sys.stderr)
    return code


if __name__ == '__main__':
    sys.exit(main())
