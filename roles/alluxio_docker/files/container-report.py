# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Say why an Alluxio container is not serving: run on its Docker host.

Reads each named container through the Docker SDK (python3-docker, which the
role installs on every Docker host) and prints one JSON line: for each name its
state (status, exit code, restarts, OOM kill, start and end times) and the
lines of its log that explain it (warnings, errors and exceptions of the last
LOG_TAIL lines, and the very last lines), so that a failed wait says what the
process said instead of only "look at docker logs". Never fails: a container
or an engine that cannot be read is reported as such.
"""

import json
import re
import sys

LOG_TAIL = 400
KEEP = 14
LAST = 4
WIDTH = 300
NOTABLE = re.compile(r'\b(WARN|ERROR|FATAL)\b|Exception|Error:')


def explaining_lines(text):
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    picked = [index for index, line in enumerate(lines) if NOTABLE.search(line)]
    picked = sorted(set(picked[-(KEEP - LAST):] + list(range(max(len(lines) - LAST, 0), len(lines)))))
    return [lines[index][:WIDTH] for index in picked]


def report(client, name):
    try:
        container = client.containers.get(name)
    except Exception as error:  # pylint: disable=broad-except
        return {'name': name, 'error': 'cannot read the container: %s' % error}
    state = container.attrs.get('State', {})
    entry = {
        'name': name,
        'status': state.get('Status'),
        'exit_code': state.get('ExitCode'),
        'restarts': container.attrs.get('RestartCount'),
        'oom_killed': state.get('OOMKilled'),
        'started_at': state.get('StartedAt'),
        'finished_at': state.get('FinishedAt'),
    }
    try:
        entry['log'] = explaining_lines(container.logs(tail=LOG_TAIL).decode('utf-8', 'replace'))
    except Exception as error:  # pylint: disable=broad-except
        entry['log'] = ['cannot read the log: %s' % error]
    return entry


def main(names):
    try:
        import docker
        client = docker.from_env()
    except Exception as error:  # pylint: disable=broad-except
        print(json.dumps([{'name': name, 'error': 'cannot reach the Docker engine: %s' % error} for name in names]))
        return 0
    print(json.dumps([report(client, name) for name in names]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
