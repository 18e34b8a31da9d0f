"""Freeze the leading master's JVM (SIGSTOP) for a few seconds, resume it
(SIGCONT), and report whether the leadership moved. A failover profile that
is too eager fails over on such a pause (a long GC, a stalled disk); the
bench expects no leader change.

    python3 bench/freeze.py SSH_CONFIG NETWORK CONTAINER... [--seconds 3] [--watch 30]

CONTAINER are the masters' containers (reached over ssh as in ssh_config,
their web API by their address on NETWORK). Prints one JSON object: the
primary before and after (host and when it gained primacy), every other
primary seen while watching, and `leader_changed`.
"""

import argparse
import json
import subprocess
import time
import urllib.request

WEB_PORT = 19999


def address(container, network):
    return subprocess.run(
        ['docker', 'inspect', '-f', '{{ (index .NetworkSettings.Networks "%s").IPAddress }}' % network, container],
        capture_output=True, text=True, check=True).stdout.strip()


def primary(addresses):
    """(container, host, gainPrimacyTime) of the master whose web API answers, or None."""
    for container, ip in addresses.items():
        try:
            with urllib.request.urlopen('http://%s:%d/api/v1/master/webui_masters' % (ip, WEB_PORT), timeout=2) as answer:
                info = json.load(answer)['primaryMasterInfo']
        except (OSError, ValueError, KeyError):
            continue
        return container, info['address']['host'], info['gainPrimacyTime']
    return None


def ssh(config, container, *argv):
    return subprocess.run(['ssh', '-F', config, container, 'sudo'] + list(argv), capture_output=True, text=True,
                          check=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('ssh_config')
    parser.add_argument('network')
    parser.add_argument('containers', nargs='+')
    parser.add_argument('--seconds', type=float, default=3.0)
    parser.add_argument('--watch', type=float, default=30.0)
    args = parser.parse_args()
    addresses = {container: address(container, args.network) for container in args.containers}
    deadline = time.time() + 120
    before = primary(addresses)
    while before is None and time.time() < deadline:
        time.sleep(1)
        before = primary(addresses)
    if before is None:
        raise SystemExit('no master serves as primary')
    pid = ssh(args.ssh_config, before[0], 'pgrep', '-f', '-o', 'alluxio.master.AlluxioMaster')
    ssh(args.ssh_config, before[0], 'kill', '-STOP', pid)
    frozen_at = time.time()
    try:
        time.sleep(args.seconds)
    finally:
        ssh(args.ssh_config, before[0], 'kill', '-CONT', pid)
    frozen = time.time() - frozen_at
    seen = []
    end = time.time() + args.watch
    after = None
    while time.time() < end:
        now = primary(addresses)
        if now is not None:
            after = now
            if now != before and list(now) not in seen:
                seen.append(list(now))
        time.sleep(1)
    print(json.dumps({'frozen_s': round(frozen, 2), 'watched_s': args.watch, 'before': list(before),
                      'after': list(after) if after else None, 'other_primaries_seen': seen,
                      'leader_changed': bool(seen) or after is None or after != before}))


if __name__ == '__main__':
    main()
