"""Seconds of one failover drill, from its JSON output (ansible.builtin.json
callback): "elected serving registered", as the drill's report task states
them ("failover seconds, kill -> <event>: <seconds>").

    python3 bench/drill_times.py DRILL_JSON
"""

import json
import re
import sys

EVENTS = ('the new leader', "new leader's web API answers", 'every worker registered with it')


def main(path):
    with open(path) as handle:
        plays = json.load(handle)['plays']
    report = [task for play in plays for task in play['tasks'] if task['task']['name'] == 'Report the failover times']
    lines = next(iter(report[-1]['hosts'].values()))['msg']
    found = {}
    for line in lines:
        match = re.match(r'failover seconds, kill -> (.*): ([0-9.]+)$', line)
        if match:
            found[match.group(1)] = match.group(2)
    # "ZooKeeper names the new leader" or "a master reports the new leader".
    elected = next(value for event, value in found.items() if event.endswith(EVENTS[0]))
    print(elected, found[EVENTS[1]], found[EVENTS[2]])


if __name__ == '__main__':
    main(sys.argv[1])
