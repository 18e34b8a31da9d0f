"""Turns the raw measurements of bench/run.sh into a table and JSON files.

    python3 bench/report.py RAW_TXT RESULTS_DIR STAMP

RAW_TXT has one "key value..." line per measurement (failover_drill_<mode>_<profile>
once per drill, freeze_<mode>_<profile> once). Writes RESULTS_DIR/STAMP.json and RESULTS_DIR/latest.json, prints the
table. Missing measurements (a stage failed or was skipped) are null.
"""

import json
import os
import statistics
import subprocess
import sys


def read_raw(path):
    values = {}
    with open(path) as raw:
        for line in raw:
            key, dummy, rest = line.strip().partition(' ')
            if key:
                values.setdefault(key, []).append(rest.split())
    return values


def number(values, key):
    return float(values[key][-1][0]) if key in values else None


def series(samples):
    samples = [float(sample) for sample in samples]
    if not samples:
        return None
    return {'median': round(statistics.median(samples), 3), 'min': round(min(samples), 3),
            'max': round(max(samples), 3), 'count': len(samples), 'samples': [round(s, 3) for s in samples]}


def ratio(numerator, denominator):
    if numerator is None or denominator in (None, 0):
        return None
    return round(numerator / denominator, 2)


def median_of(result):
    return result['median'] if result else None


def git_commit():
    try:
        return subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


FAILOVER_RUNS = ('zookeeper_fast', 'zookeeper_alluxio', 'embedded_fast', 'embedded_alluxio')


def failover(values, run):
    """One mode and profile: the drills' three series and the freeze."""
    drills = values.get('failover_drill_' + run, [])
    freeze = values.get('freeze_' + run)
    return {
        'kill_to_new_leader': series([drill[0] for drill in drills]),
        'kill_to_serving': series([drill[1] for drill in drills]),
        'serving_to_workers_registered': series([float(drill[2]) - float(drill[1]) for drill in drills]),
        'leader_changed_on_3s_freeze': bool(int(freeze[-1][0])) if freeze else None,
    }


def build(values, stamp):
    cold3 = number(values, 'cold_deploy_3_workers_s')
    cold6 = number(values, 'cold_deploy_6_workers_s')
    in_process = series(values.get('lookup_in_process_s', [[]])[-1])
    process = series(values.get('lookup_process_s', [[]])[-1])
    master_info = series(values.get('master_info_s', [[]])[-1])
    rerun_changed = number(values, 'rerun_changed')
    scale = {}
    for key in ('scale_cold_s', 'scale_rerun_s', 'scale_rerun_changed'):
        for size, value in values.get(key, []):
            scale.setdefault(int(size), {})[key[len('scale_'):]] = float(value)
    sizes = sorted(scale)
    scale_ratio = {}
    if len(sizes) > 1:
        scale_ratio = {
            'hosts': ratio(sizes[-1], sizes[0]),
            'cold': ratio(scale[sizes[-1]].get('cold_s'), scale[sizes[0]].get('cold_s')),
            'rerun': ratio(scale[sizes[-1]].get('rerun_s'), scale[sizes[0]].get('rerun_s')),
        }
    return {
        'timestamp': stamp,
        'complete': values.get('exit_status', [['1']])[-1][0] == '0',
        'quick': values.get('quick', [['0']])[-1][0] == '1',
        'git_commit': git_commit(),
        'machine': {
            'cpus': os.cpu_count(),
            'loadavg_before': ' '.join(values.get('load_before', [[]])[-1]) or None,
            'loadavg_after': ' '.join(values.get('load_after', [[]])[-1]) or None,
        },
        'cold_deploy_s': {'workers_3': cold3, 'workers_6': cold6, 'ratio_6_to_3': ratio(cold6, cold3)},
        'control_plane_scale': {
            'sizes': {str(size): scale[size] for size in sizes},
            'ratio_largest_to_smallest': scale_ratio,
            'superlinear_tasks': [' '.join(entry) for entry in values.get('scale_superlinear', [])],
        },
        'rerun': {'seconds': number(values, 'rerun_s'),
                  'changed': int(rerun_changed) if rerun_changed is not None else None},
        'failover_s': {run: failover(values, run) for run in FAILOVER_RUNS},
        'leader_lookup_s': {
            'lookup_plugin_in_process': in_process,
            'lookup_plugin_ansible_localhost_process': process,
            'alluxio_fs_masterInfo': master_info,
            'ratio_masterInfo_to_in_process_lookup': ratio(median_of(master_info), median_of(in_process)),
        },
    }


def fmt(value, unit='s'):
    if value is None:
        return '-'
    if unit == 'x':
        return '%.2fx' % value
    if unit == '':
        return '%d' % value
    return '%.3f s' % value if value < 1 else '%.1f s' % value


def failover_table(failover):
    """The failover figures, the collection's profile beside Alluxio's defaults."""
    lines = ['', '%-44s  %-28s  %s' % ('failover (median, min-max)', 'profile fast', 'profile alluxio (defaults)')]

    def cell(entry):
        if not entry:
            return '-'
        return '%s (%s-%s, n=%d)' % (fmt(entry['median']), fmt(entry['min']), fmt(entry['max']), entry['count'])

    def held(changed):
        return '-' if changed is None else ('LEADER CHANGED' if changed else 'leader held')

    for mode in ('zookeeper', 'embedded'):
        fast, defaults = failover[mode + '_fast'], failover[mode + '_alluxio']
        for key, name in (('kill_to_new_leader', 'kill -9 -> new leader named'),
                          ('kill_to_serving', 'kill -9 -> new leader serves'),
                          ('serving_to_workers_registered', 'serves -> all workers registered')):
            lines.append('%-44s  %-28s  %s' % ('%s: %s' % (mode, name), cell(fast[key]), cell(defaults[key])))
        frozen = '%s: leader frozen 3 s (SIGSTOP)' % mode
        lines.append('%-44s  %-28s  %s' % (frozen, held(fast['leader_changed_on_3s_freeze']),
                                           held(defaults['leader_changed_on_3s_freeze'])))
    return lines


def table(result):
    cold, rerun = result['cold_deploy_s'], result['rerun']
    failover, lookup = result['failover_s'], result['leader_lookup_s']

    def med(entry):
        return (fmt(entry['median']), 'median of %d' % entry['count']) if entry else ('-', '')

    rows = [
        ('cold deploy, 3 workers', fmt(cold['workers_3']), 'bare containers -> healthy HA cluster'),
        ('cold deploy, 6 workers', fmt(cold['workers_6']), 'skipped (BENCH_QUICK)' if result['quick'] else ''),
        ('cold deploy ratio 6/3', fmt(cold['ratio_6_to_3'], 'x'), ''),
        ('no-op re-run site.yml', fmt(rerun['seconds']), 'demo topology, healthy, over ssh'),
        ('re-run changed', fmt(rerun['changed'], ''), 'PLAY RECAP sum'),
        ('lookup, in process', *med(lookup['lookup_plugin_in_process'])),
        ('lookup, ansible process', *med(lookup['lookup_plugin_ansible_localhost_process'])),
        ('fs masterInfo', *med(lookup['alluxio_fs_masterInfo'])),
        ('masterInfo / lookup', fmt(lookup['ratio_masterInfo_to_in_process_lookup'], 'x'), 'in-process lookup'),
    ]
    scale = result['control_plane_scale']
    for size, entry in scale['sizes'].items():
        rows.append(('control plane, %s hosts' % size, fmt(entry.get('cold_s')),
                     'cold; re-run %s, %.2f s/host' % (fmt(entry.get('rerun_s')), entry.get('rerun_s', 0) / int(size))))
    if scale['ratio_largest_to_smallest']:
        ratios = scale['ratio_largest_to_smallest']
        rows.append(('control plane ratio', fmt(ratios['cold'], 'x'),
                     'cold (re-run %s) for x%s hosts' % (fmt(ratios['rerun'], 'x'), ratios['hosts'])))
        rows.append(('superlinear tasks', '%d' % len(scale['superlinear_tasks']),
                     '; '.join(scale['superlinear_tasks'])[:200]))
    width = max(len(row[0]) for row in rows)
    lines = ['%-*s  %10s  %s' % (width, name, value, note) for name, value, note in rows]
    lines.extend(failover_table(failover))
    machine = result['machine']
    lines.append('%d CPUs, load average before %s, after %s%s' % (
        machine['cpus'], machine['loadavg_before'], machine['loadavg_after'] or '-',
        '' if result['complete'] else '; INCOMPLETE run (a stage failed, see the logs)'))
    return '\n'.join(lines)


def main():
    raw, results_dir, stamp = sys.argv[1:4]
    result = build(read_raw(raw), stamp)
    for name in (stamp + '.json', 'latest.json'):
        with open(os.path.join(results_dir, name), 'w') as out:
            json.dump(result, out, indent=2)
            out.write('\n')
    print(table(result))
    print('results: %s (and latest.json); logs: %s/' % (
        os.path.join(results_dir, stamp + '.json'), os.path.join(results_dir, stamp)))


if __name__ == '__main__':
    main()
