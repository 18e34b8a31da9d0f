"""Make lab containers reachable the way operators reach hosts: over ssh.

    python3 tests/lab/ssh_access.py --dir DIR CONTAINER...

For each running systemd container (in parallel) this is the only step that
uses ``docker exec``: it waits for the boot, creates the operator account
(``--user``, sudo without password, the lab key authorized), starts sshd and
reads the container's own host keys. It then writes, in DIR:

- ``id_ed25519``      the operator's key (made once);
- ``known_hosts``     every container's host keys, pinned under its name
                      (read from inside the container, never scanned);
- ``ssh_config``      ``Host <container>`` blocks: address, user, key, the
                      pinned known_hosts, ``StrictHostKeyChecking yes``.

Ansible then connects with ``ansible_ssh_common_args: -F DIR/ssh_config``.
Re-running it (after ``docker restart`` changed an address, or for more
containers) updates the entries of the named containers and keeps the others.
"""

import argparse
import concurrent.futures
import fcntl
import json
import os
import subprocess
import sys
import tempfile

BOOTSTRAP = r'''
set -eu
# Right after `docker run` the bus may not answer yet: the state is empty.
state=
for _ in $(seq 120); do
  state=$(systemctl is-system-running --wait 2>/dev/null || true)
  [ -n "$state" ] && break
  sleep 1
done
case "$state" in running|degraded) ;; *) echo "systemd did not boot: $state" >&2; exit 1;; esac
user=$1 key=$2
id -u "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
install -d -m 0700 -o "$user" -g "$user" "$home/.ssh"
# Added once: other keys (a test's machine credential) stay.
touch "$home/.ssh/authorized_keys"
grep -qxF "$key" "$home/.ssh/authorized_keys" || printf '%s\n' "$key" >>"$home/.ssh/authorized_keys"
chown "$user:$user" "$home/.ssh/authorized_keys"
chmod 0600 "$home/.ssh/authorized_keys"
printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$user" >/etc/sudoers.d/90-lab-operator
chmod 0440 /etc/sudoers.d/90-lab-operator
systemctl enable --now ssh >/dev/null 2>&1
for _ in $(seq 100); do
  [ -s /etc/ssh/ssh_host_ed25519_key.pub ] && systemctl is-active --quiet ssh && break
  sleep 0.1
done
cat /etc/ssh/ssh_host_ed25519_key.pub
'''


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs).stdout


def address(container):
    networks = json.loads(run(['docker', 'inspect', '-f', '{{json .NetworkSettings.Networks}}', container]))
    for network in networks.values():
        if network.get('IPAddress'):
            return network['IPAddress']
    raise RuntimeError(f'{container}: no IP address on any network (host network is not supported)')


def bootstrap(container, user, public_key):
    try:
        host_key = run(['docker', 'exec', '-i', container, 'sh', '-s', user, public_key],
                       input=BOOTSTRAP, timeout=900).split()
    except subprocess.CalledProcessError as err:
        raise RuntimeError(f'{container}: bootstrap failed (rc {err.returncode}): {err.stderr.strip()}') from err
    except subprocess.TimeoutExpired as err:
        raise RuntimeError(f'{container}: systemd did not finish booting (or sshd did not start) within '
                           f'{err.timeout:.0f} s; see `docker exec {container} systemctl list-jobs`') from err
    return container, address(container), ' '.join(host_key[:2])


def read_entries(path):
    """``{name: line}`` of an existing known_hosts or the Host blocks of an ssh_config."""
    entries = {}
    if not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as handle:
        current = None
        for line in handle:
            if path.endswith('known_hosts'):
                if line.strip():
                    entries[line.split()[0]] = line
            elif line.startswith('Host '):
                current = line.split()[1]
                entries[current] = line
            elif current and line.strip():
                entries[current] += line
    return entries


def write(path, text, mode=0o600):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(fd, 'w', encoding='utf-8') as handle:
        handle.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--dir', required=True, help='where the key, known_hosts and ssh_config live')
    parser.add_argument('--user', default='ops', help='operator account made in every container (default: ops)')
    parser.add_argument('containers', nargs='+')
    args = parser.parse_args()

    ssh_dir = os.path.abspath(args.dir)
    os.makedirs(ssh_dir, mode=0o700, exist_ok=True)
    with open(os.path.join(ssh_dir, '.lock'), 'w', encoding='utf-8') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        key = os.path.join(ssh_dir, 'id_ed25519')
        if not os.path.exists(key):
            run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', f'lab-{args.user}', '-f', key])
        with open(key + '.pub', encoding='utf-8') as handle:
            public_key = handle.read().strip()

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(bootstrap, name, args.user, public_key) for name in args.containers]
            try:
                results = [future.result() for future in futures]
            except RuntimeError as err:
                sys.exit(f'ssh_access: {err}')

        known_hosts_path = os.path.join(ssh_dir, 'known_hosts')
        config_path = os.path.join(ssh_dir, 'ssh_config')
        known_hosts = read_entries(known_hosts_path)
        config = read_entries(config_path)
        for name, ip, host_key in results:
            known_hosts[name] = f'{name} {host_key}\n'
            config[name] = (
                f'Host {name}\n'
                f'  HostName {ip}\n'
                f'  User {args.user}\n'
                f'  IdentityFile {key}\n'
                '  IdentitiesOnly yes\n'
                f'  HostKeyAlias {name}\n'
                f'  UserKnownHostsFile {known_hosts_path}\n'
                '  StrictHostKeyChecking yes\n'
                '  ServerAliveInterval 15\n'
            )
        write(known_hosts_path, ''.join(known_hosts[name] for name in sorted(known_hosts)))
        write(config_path, ''.join(config[name] for name in sorted(config)))
    for name, ip, _host_key in results:
        print(f'{name} {ip}')


if __name__ == '__main__':
    main()
