"""Per-call latency of the datalake.alluxio.alluxio_leader lookup, in process.

Loads the lookup through Ansible's plugin loader (collections from the repo's
ansible.cfg, so datalake.alluxio resolves to this checkout) and times COUNT
calls, each a full lookup: connect to the ensemble, read the leader path,
close. Prints one JSON object: {"samples": [...seconds], "leader": "..."}.

    python3 bench/lookup_latency.py ZK_HOSTS COUNT
"""

import json
import os
import sys
import time


def main():
    zk_hosts, count = sys.argv[1], int(sys.argv[2])
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault('ANSIBLE_CONFIG', os.path.join(repo, 'ansible.cfg'))
    os.chdir(repo)

    from ansible import constants as C
    from ansible.parsing.dataloader import DataLoader
    from ansible.plugins.loader import init_plugin_loader, lookup_loader
    from ansible.template import Templar

    init_plugin_loader(C.COLLECTIONS_PATHS)
    loader = DataLoader()
    lookup = lookup_loader.get('datalake.alluxio.alluxio_leader', loader=loader, templar=Templar(loader=loader))
    if lookup is None:
        sys.exit('datalake.alluxio.alluxio_leader not found: run from the repository (ansible.cfg collections_path)')

    samples, leader = [], None
    for dummy in range(count):
        start = time.perf_counter()
        leader = lookup.run([], variables={}, hosts=zk_hosts, format='host_port')[0]
        samples.append(time.perf_counter() - start)
    json.dump({'samples': samples, 'leader': leader}, sys.stdout)
    print()


if __name__ == '__main__':
    main()
