"""Control-plane cost per host: the phases that start no JVM, on N light containers.

    python3 bench/scale.py --out DIR --raw RAW_TXT [--sizes 3,24] [--prefix P]

For each size N it starts N lab containers (systemd + sshd, nothing else; a
directory of this machine mounted at /srv/alluxio-shared in each stands in for
the NFS share the inventory declares), gives them ssh access as the operator `ops`
(tests/lab/ssh_access.py), writes an inventory (2 masters that also run a
worker, N-2 more workers, the first 3 hosts named as the ZooKeeper ensemble,
which is only written into the configuration: nothing starts) and runs, over
ssh, each phase twice, with the profile_tasks callback:

    playbooks/hosts_file.yml
    playbooks/alluxio.yml --tags alluxio_install,alluxio_config
    playbooks/ssh_trust.yml

first on fresh hosts (cold), then again (re-run: must report changed=0).
The Alluxio release and Java archive are tiny stand-ins with the same layout
(bin/alluxio, conf/, bin/java stubs, made here with their sha256), so the
numbers are the control plane's (connections, modules, templates, loops),
not the copy of a 200 MB tarball. Containers are named PREFIX<N>-<i>, on
network PREFIX<N>, and are removed at the end, also on failure.

Writes DIR/scale.json (seconds per phase and size, per-task seconds from
profile_tasks, growth of each task between the smallest and the largest size)
and appends "scale_*" lines to RAW_TXT for bench/report.py. A task is flagged
"superlinear" when its time grows faster than the number of hosts (and takes
at least 0.5 s at the largest size), which is how an O(N^2) task shows.
"""

import argparse
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
PHASES = [
    ('hosts_file', ['playbooks/hosts_file.yml']),
    ('alluxio_install_config', ['playbooks/alluxio.yml', '--tags', 'alluxio_install,alluxio_config']),
    ('ssh_trust', ['playbooks/ssh_trust.yml']),
]
# "role : task name ------ 1.23s" lines of the profile_tasks summary.
PROFILE_LINE = re.compile(r'^(?P<task>.+?) -{3,} (?P<seconds>[0-9]+\.[0-9]+)s$')
RECAP_LINE = re.compile(r'^(?P<host>\S+)\s+: ok=\d+\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)\s+'
                        r'failed=(?P<failed>\d+)')


def log(message):
    print('bench scale: %s' % message, file=sys.stderr, flush=True)


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs).stdout


def stub_tarball(path, top, files):
    """A .tar.gz with TOP/<name> for every (name, text, mode) in files; returns its sha256."""
    with tarfile.open(path, 'w:gz') as tar:
        for name, text, mode in files:
            data = text.encode('utf-8')
            info = tarfile.TarInfo('%s/%s' % (top, name))
            info.size, info.mode, info.mtime = len(data), mode, 0
            tar.addfile(info, fileobj=io.BytesIO(data))
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def stand_ins(out):
    stub = '#!/bin/sh\necho "bench stand-in: no JVM here" >&2\nexit 1\n'
    alluxio = os.path.join(out, 'alluxio-light-bin.tar.gz')
    java = os.path.join(out, 'java-light.tar.gz')
    alluxio_sha = stub_tarball(alluxio, 'alluxio-2.9.6', [
        ('bin/alluxio', stub, 0o755), ('bin/alluxio-start.sh', stub, 0o755), ('bin/alluxio-stop.sh', stub, 0o755),
        ('conf/alluxio-site.properties.template', '# stand-in\n', 0o644),
        ('libexec/alluxio-config.sh', '# stand-in\n', 0o644),
    ])
    java_sha = stub_tarball(java, 'jdk-11.0.13', [('bin/java', stub, 0o755)])
    return alluxio, alluxio_sha, java, java_sha


def write_inventory(path, names, ssh_dir, dist):
    alluxio, alluxio_sha, java, java_sha = dist
    hosts = ['h%02d' % (index + 1) for index in range(len(names))]
    os.makedirs(os.path.join(path, 'group_vars'), exist_ok=True)
    lines = ['---', '# Made by bench/scale.py: %d light containers.' % len(names), 'all:', '  vars:',
             '    ansible_connection: ssh',
             '    ansible_ssh_common_args: -F %s/ssh_config' % ssh_dir, '  children:', '    zookeeper:', '      hosts:']
    lines += ['        %s: {ansible_host: %s, zookeeper_id: %d}' % (host, name, index + 1)
              for index, (host, name) in enumerate(zip(hosts[:3], names[:3]))]
    lines += ['    alluxio_masters:', '      hosts:']
    lines += ['        %s: {ansible_host: %s}' % (host, name) for host, name in zip(hosts[:2], names[:2])]
    lines += ['    alluxio_workers:', '      hosts:']
    lines += ['        %s: {ansible_host: %s}' % (host, name) for host, name in zip(hosts, names)]
    lines += ['    alluxio:', '      children:', '        alluxio_masters:', '        alluxio_workers:', '']
    with open(os.path.join(path, 'hosts.yml'), 'w') as handle:
        handle.write('\n'.join(lines))
    with open(os.path.join(path, 'group_vars', 'all.yml'), 'w') as handle:
        handle.write('---\nhosts_file_address_source: fact\nalluxio_zookeeper_session_timeout: 10s\n')
    with open(os.path.join(path, 'group_vars', 'alluxio.yml'), 'w') as handle:
        handle.write('\n'.join([
            '---',
            'alluxio_version: 2.9.6',
            'alluxio_install_tarball_src: %s' % alluxio,
            'alluxio_install_tarball_checksum: "sha256:%s"' % alluxio_sha,
            'alluxio_install_java_method: archive',
            'alluxio_install_java_version: 11.0.13',
            'alluxio_install_java_archive_src: %s' % java,
            'alluxio_install_java_archive_checksum: "sha256:%s"' % java_sha,
            'alluxio_ha_mode: zookeeper',
            'alluxio_uid: 2001',
            'alluxio_gid: 2001',
            'alluxio_journal_folder: /srv/alluxio-shared/journal',
            'alluxio_journal_shared: true',
            'alluxio_root_ufs: /srv/alluxio-shared/ufs',
            'alluxio_root_ufs_shared: true',
            'alluxio_worker_mem_path: /dev/shm',
            'alluxio_worker_ramdisk_size: 16MB',
            'alluxio_ha_job_services: false',
            '']))


def start_containers(image, network, names, shared):
    run(['docker', 'network', 'create', network])
    for name in names:
        run(['docker', 'run', '-d', '--name', name, '--hostname', name, '--network', network,
             '--cap-add', 'SYS_ADMIN', '--security-opt', 'seccomp=unconfined', '--cgroupns', 'host',
             '-v', '/sys/fs/cgroup:/sys/fs/cgroup:rw', '-v', '%s:/srv/alluxio-shared:rw' % shared,
             '--tmpfs', '/run', '--tmpfs', '/run/lock',
             '--shm-size', '32m', '--memory', '256m', '--stop-signal', 'SIGRTMIN+3', image, '/lib/systemd/systemd'])
    # On a busy machine a systemd container now and then exits (255) at boot;
    # starting it again works.
    for attempt in range(5):
        states = run(['docker', 'inspect', '-f', '{{.Name}} {{.State.Status}}'] + names).split('\n')
        exited = [line.split()[0].lstrip('/') for line in states if line.strip() and line.split()[1] != 'running']
        if not exited:
            return
        log('starting again: %s' % ' '.join(exited))
        run(['docker', 'start'] + exited)
        time.sleep(5)
    raise RuntimeError('containers do not stay up: %s' % ' '.join(exited))


def remove(network, names):
    if names:
        subprocess.run(['docker', 'rm', '-f'] + names, capture_output=True, check=False)
    subprocess.run(['docker', 'network', 'rm', network], capture_output=True, check=False)


def ssh_access(ssh_dir, names):
    # Right after `docker run` systemd may not answer yet: retried.
    for attempt in range(30):
        done = subprocess.run([sys.executable, os.path.join(REPO, 'tests/lab/ssh_access.py'), '--dir', ssh_dir] + names,
                              capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return
        time.sleep(2)
    raise RuntimeError('ssh_access.py failed: %s' % done.stderr.strip())


def play(inventory, args, log_path):
    env = dict(os.environ, ANSIBLE_CALLBACKS_ENABLED='ansible.posix.profile_tasks',
               PROFILE_TASKS_TASK_OUTPUT_LIMIT='all', PROFILE_TASKS_SORT_ORDER='none', ANSIBLE_NOCOLOR='1',
               ANSIBLE_CONFIG=os.path.join(REPO, 'ansible.cfg'))
    start = time.monotonic()
    with open(log_path, 'w') as out:
        done = subprocess.run(['ansible-playbook', '-i', inventory] + args, cwd=REPO, env=env, stdout=out,
                              stderr=subprocess.STDOUT, check=False)
    seconds = time.monotonic() - start
    with open(log_path) as handle:
        text = handle.read()
    if done.returncode != 0:
        raise RuntimeError('ansible-playbook %s failed (rc %d), see %s' % (' '.join(args), done.returncode, log_path))
    tasks, seen = [], {}
    summary = text[text.rfind('=' * 20):] if '=' * 20 in text else ''
    for line in summary.splitlines():
        match = PROFILE_LINE.match(line.strip())
        if match:
            task = match.group('task').strip()
            seen[task] = seen.get(task, 0) + 1
            key = task if seen[task] == 1 else '%s #%d' % (task, seen[task])
            tasks.append((key, float(match.group('seconds'))))
    changed = sum(int(match.group('changed')) for match in map(RECAP_LINE.match, text.splitlines()) if match)
    return round(seconds, 3), changed, tasks


def measure(size, prefix, image, out, dist):
    network = '%s%d' % (prefix, size)
    names = ['%s%d-%02d' % (prefix, size, index + 1) for index in range(size)]
    ssh_dir = os.path.join(out, 'ssh-%d' % size)
    inventory = os.path.join(out, 'inventory-%d' % size)
    result = {'hosts': size, 'cold_s': {}, 'rerun_s': {}, 'rerun_changed': {}, 'tasks': {}}
    try:
        log('%d light containers: starting' % size)
        # The site preflight refuses a shared journal or under-storage that is not mounted.
        shared = os.path.join(os.path.abspath(out), 'shared-%d' % size)
        os.makedirs(shared, exist_ok=True)
        start_containers(image, network, names, shared)
        ssh_access(ssh_dir, names)
        write_inventory(inventory, names, ssh_dir, dist)
        for run_name in ('cold', 'rerun'):
            for phase, args in PHASES:
                log('%d hosts: %s %s' % (size, run_name, phase))
                seconds, changed, tasks = play(inventory, args, os.path.join(out, 'scale-%d-%s-%s.log' % (size, run_name, phase)))
                result['%s_s' % run_name][phase] = seconds
                if run_name == 'rerun':
                    result['rerun_changed'][phase] = changed
                result['tasks']['%s %s' % (run_name, phase)] = tasks
        for run_name in ('cold', 'rerun'):
            result['%s_s' % run_name]['total'] = round(sum(result['%s_s' % run_name][name] for name, dummy in PHASES), 3)
    finally:
        remove(network, names)
    return result


def growth(small, large):
    """Per task: seconds at both sizes, their ratio, and the flag for growth faster than the hosts'."""
    host_ratio = large['hosts'] / small['hosts']
    rows = []
    for section, tasks in large['tasks'].items():
        small_tasks = dict(small['tasks'].get(section, []))
        for task, seconds in tasks:
            before = small_tasks.get(task)
            ratio = round(seconds / before, 2) if before else None
            rows.append({'phase': section, 'task': task, 'small_s': before, 'large_s': seconds, 'ratio': ratio,
                         'superlinear': bool(ratio and ratio > host_ratio and seconds >= 0.5)})
    return host_ratio, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--out', required=True)
    parser.add_argument('--raw', required=True)
    parser.add_argument('--sizes', default='3,24')
    parser.add_argument('--prefix', default='datalake-scale-%d-' % os.getpid())
    args = parser.parse_args()
    # SIGTERM (bench/run.sh interrupted) still removes the containers.
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(143))
    image = os.environ.get('LAB_IMAGE') or open(os.path.join(REPO, '.cache/lab-image')).read().strip()
    sizes = sorted(int(size) for size in args.sizes.split(','))
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    dist = stand_ins(out)
    results = [measure(size, args.prefix, image, out, dist) for size in sizes]
    small, large = results[0], results[-1]
    host_ratio, rows = growth(small, large)
    report = {'sizes': sizes, 'results': results, 'host_ratio': host_ratio,
              'ratio_cold': round(large['cold_s']['total'] / small['cold_s']['total'], 2),
              'ratio_rerun': round(large['rerun_s']['total'] / small['rerun_s']['total'], 2),
              'growth': rows, 'superlinear': [row for row in rows if row['superlinear']]}
    with open(os.path.join(out, 'scale.json'), 'w') as handle:
        json.dump(report, handle, indent=2)
    with open(args.raw, 'a') as raw:
        for result in results:
            raw.write('scale_cold_s %d %s\n' % (result['hosts'], result['cold_s']['total']))
            raw.write('scale_rerun_s %d %s\n' % (result['hosts'], result['rerun_s']['total']))
            raw.write('scale_rerun_changed %d %d\n' % (result['hosts'], sum(result['rerun_changed'].values())))
        for row in report['superlinear']:
            raw.write('scale_superlinear %s %s\n' % (row['ratio'], json.dumps(row['phase'] + ': ' + row['task'])))
    print('scale: phases without JVMs (hosts_file, alluxio_install+alluxio_config, ssh_trust), seconds')
    print('%6s  %9s  %9s  %12s  %12s  %s' % ('hosts', 'cold', 're-run', 'cold/host', 're-run/host', 'changed'))
    for result in results:
        print('%6d  %9.1f  %9.1f  %12.2f  %12.2f  %d' % (
            result['hosts'], result['cold_s']['total'], result['rerun_s']['total'],
            result['cold_s']['total'] / result['hosts'], result['rerun_s']['total'] / result['hosts'],
            sum(result['rerun_changed'].values())))
    print('ratio %d/%d hosts (x%.1f): cold x%.2f, re-run x%.2f' % (
        large['hosts'], small['hosts'], host_ratio, report['ratio_cold'], report['ratio_rerun']))
    print('slowest tasks at %d hosts (seconds at %d -> %d hosts, ratio):' % (large['hosts'], small['hosts'], large['hosts']))
    for row in sorted(rows, key=lambda row: -row['large_s'])[:12]:
        label = (row['phase'] + ': ' + row['task'])[:90]
        growth_text = 'x%.1f' % row['ratio'] if row['ratio'] else '-'
        flag = '  SUPERLINEAR' if row['superlinear'] else ''
        print('  %-90s %6s -> %6.2f  %s%s' % (label, row['small_s'], row['large_s'], growth_text, flag))
    if not report['superlinear']:
        print('no task grows faster than the number of hosts')
    return 0 if all(sum(result['rerun_changed'].values()) == 0 for result in results) else 1


if __name__ == '__main__':
    sys.exit(main())
