"""Connect from this host to every target as one user and print the outcomes as JSON.

Run by ansible.builtin.script with python3, as root:
  ssh_trust_check.py --user USER --key KEY [--port P] [--timeout S] [--parallel N] TARGET...

Each target gets `ssh -o BatchMode=yes -o StrictHostKeyChecking=yes
-o ConnectTimeout=S -i KEY -p P TARGET true`, run as USER (runuser, so ssh
reads USER's ~/.ssh/known_hosts), up to N at a time. Prints
{"results": [{"target", "rc", "stderr"}, ...]} in the order given; the exit
status is 0 unless the arguments are wrong, so the caller reports failures.
"""

import argparse
import concurrent.futures
import json
import subprocess


def connect(user, key, port, timeout, target):
    argv = ['runuser', '-u', user, '--', 'ssh', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes',
            '-o', 'ConnectTimeout=%d' % timeout, '-i', key, '-p', str(port), target, 'true']
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout * 3 + 10, check=False)
    except subprocess.TimeoutExpired:
        return {'target': target, 'rc': 255, 'stderr': 'no answer within %ds' % (timeout * 3 + 10)}
    return {'target': target, 'rc': done.returncode, 'stderr': done.stderr.strip()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--user', required=True)
    parser.add_argument('--key', required=True)
    parser.add_argument('--port', type=int, default=22)
    parser.add_argument('--timeout', type=int, default=10)
    parser.add_argument('--parallel', type=int, default=16)
    parser.add_argument('targets', nargs='+')
    args = parser.parse_args()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        results = list(pool.map(lambda target: connect(args.user, args.key, args.port, args.timeout, target),
                                args.targets))
    print(json.dumps({'results': results}))


if __name__ == '__main__':
    main()
