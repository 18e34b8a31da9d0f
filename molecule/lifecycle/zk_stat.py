# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Print, as JSON, the children and the child version (cversion) of a znode.

Every leadership of an Alluxio master creates one child of the leader path
and deletes it when it ends, so between two readings with one leader each the
number of leader changes is (cversion after - cversion before) / 2.
Usage: python3 zk_stat.py HOST:PORT[,HOST:PORT...] PATH
"""

import json
import sys

from kazoo.client import KazooClient


def main():
    hosts, path = sys.argv[1], sys.argv[2]
    client = KazooClient(hosts=hosts, timeout=10)
    client.start(timeout=30)
    try:
        children, stat = client.get_children(path, include_data=True)
        print(json.dumps({'path': path, 'children': sorted(children), 'cversion': stat.cversion}))
    finally:
        client.stop()
        client.close()


if __name__ == '__main__':
    main()
