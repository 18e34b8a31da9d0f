# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Try, as a ZooKeeper client without a login, what an intruder on the network
would to Alluxio's znodes, and print each outcome as JSON: "refused" (NoAuth),
"done", or the error's name. Reading stays open ("read" holds what was read).
Usage: python3 zk_intruder.py HOST:PORT[,HOST:PORT...] ROOT (/alluxio)
"""

import json
import sys

from kazoo.client import KazooClient
from kazoo.exceptions import NoAuthError
from kazoo.security import OPEN_ACL_UNSAFE


def outcome(attempt):
    try:
        attempt()
    except NoAuthError:
        return 'refused'
    except Exception as exc:  # pylint: disable=broad-except
        return type(exc).__name__
    return 'done'


def main():
    hosts, root = sys.argv[1], sys.argv[2].rstrip('/')
    client = KazooClient(hosts=hosts, timeout=10)
    client.start(timeout=30)
    try:
        leaders = client.get_children(root + '/leader')
        acl = sorted('%s:%s:%d' % (a.id.scheme, a.id.id, a.perms) for a in client.get_acls(root + '/leader')[0])
        result = {
            'read': {'leaders': leaders, 'acl': acl},
            'create a leader': outcome(lambda: client.create(root + '/leader/intruder:19998', ephemeral=True)),
            'create an election candidate': outcome(lambda: client.create(root + '/election/intruder', ephemeral=True)),
            'create a znode under the root': outcome(lambda: client.create(root + '/intruder')),
            'delete the leader': outcome(lambda: client.delete(root + '/leader/' + leaders[0])) if leaders else 'no leader',
            'change the leader path': outcome(lambda: client.set(root + '/leader', b'intruder')),
            'open the ACL of the root': outcome(lambda: client.set_acls(root, OPEN_ACL_UNSAFE)),
        }
        print(json.dumps(result, sort_keys=True))
    finally:
        client.stop()
        client.close()


if __name__ == '__main__':
    main()
