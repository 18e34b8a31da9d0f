"""cluster_access: the managed /etc/hosts block and SSH trust between real nodes."""

import os

import pytest
import testinfra
import testinfra.utils.ansible_runner

INVENTORY = os.environ["MOLECULE_INVENTORY_FILE"]
RUNNER = testinfra.utils.ansible_runner.AnsibleRunner(INVENTORY)
testinfra_hosts = RUNNER.get_hosts("all")

MASTERS = RUNNER.get_hosts("alluxio_masters")
WORKERS = RUNNER.get_hosts("alluxio_workers")
TARGETS = sorted(set(MASTERS) | set(WORKERS))
BEGIN = "# BEGIN datalake.alluxio managed hosts"
END = "# END datalake.alluxio managed hosts"
LEGACY = ["10.9.9.9 legacy-db", "10.9.9.10 ca-worker1"]
SSH = "ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o ConnectTimeout=5"
# Host key checking off, so only authentication can refuse the login.
UNCHECKED = "ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5"


def refused(host, command):
    """Run an ssh login that must fail. Its exit code 255 becomes 1: the
    tests reach the node over ssh themselves, and testinfra reads 255 as its own
    connection failing."""
    result = host.run(f"{command}; rc=$?; [ $rc -eq 255 ] && exit 1; exit $rc")
    return result.rc != 0 and "Permission denied" in result.stderr


def node(name):
    return testinfra.get_host(f"ansible://{name}?ansible_inventory={INVENTORY}", sudo=True)


def name_of(host):
    return host.backend.get_hostname()


@pytest.fixture(scope="module")
def addresses():
    """Each node's own default-route address, as the fact source sees it."""
    result = {}
    for name in testinfra_hosts:
        words = node(name).check_output("ip -4 -o route get 1.1.1.1").split()
        result[name] = words[words.index("src") + 1]
    return result


def managed_block(host):
    lines = host.file("/etc/hosts").content_string.splitlines()
    return lines, lines[lines.index(BEGIN) + 1 : lines.index(END)]


def test_block_lists_every_host_first(host, addresses):
    lines, block = managed_block(host)
    assert lines[0] == BEGIN, "the managed block must come first so that it wins lookups"
    assert sorted(line.split() for line in block) == sorted([addresses[n], n] for n in testinfra_hosts)


def test_lines_outside_the_block_survive(host):
    lines, block = managed_block(host)
    if name_of(host) != "ca-master1":
        pytest.skip("legacy lines are seeded on ca-master1 only")
    outside = [line for line in lines if line not in block]
    for legacy in LEGACY:
        assert legacy in outside


def test_names_resolve_to_cluster_addresses(host, addresses):
    for name, address in addresses.items():
        assert host.check_output(f"getent hosts {name}").split()[0] == address


def test_key_files_are_private(host):
    ssh_dir = host.file("/home/alluxio/.ssh")
    assert ssh_dir.user == "alluxio" and ssh_dir.mode == 0o700
    key = host.file("/home/alluxio/.ssh/id_ed25519")
    if name_of(host) in MASTERS:
        assert key.user == "alluxio" and key.mode == 0o600
        known_hosts = host.file("/home/alluxio/.ssh/known_hosts")
        assert known_hosts.user == "alluxio"
        assert not host.file("/home/alluxio/.ssh/config").exists, "trust must not rely on a client config"
    else:
        assert not key.exists, "workers must not get a key pair"


def test_masters_reach_every_node_as_alluxio(host):
    if name_of(host) not in MASTERS:
        pytest.skip("only masters connect out")
    for target in TARGETS:
        result = host.run(f"runuser -u alluxio -- {SSH} {target} hostname")
        assert result.rc == 0, f"{name_of(host)} -> {target}: {result.stderr}"
        assert result.stdout.strip() == target


def test_workers_cannot_reach_masters(host):
    if name_of(host) in MASTERS:
        pytest.skip("worker-only nodes")
    for master in MASTERS:
        assert refused(host, f"runuser -u alluxio -- {UNCHECKED} {master} true")


def test_root_is_not_trusted(host):
    if name_of(host) not in MASTERS:
        pytest.skip("only masters connect out")
    for target in TARGETS:
        assert refused(host, f"{UNCHECKED} root@{target} true")


def test_authorized_keys_are_restricted_and_departed_ones_revoked(host):
    lines = host.file("/home/alluxio/.ssh/authorized_keys").content_string.splitlines()
    ours = [line for line in lines if line.endswith("(datalake.alluxio ssh_trust)")]
    # The comment is "alluxio@<master> (datalake.alluxio ssh_trust)".
    assert sorted(line.split()[-3] for line in ours) == sorted(f"alluxio@{m}" for m in MASTERS)
    for line in ours:
        options = line.split()[0]
        assert options.startswith('from="'), line
        for restriction in ("no-agent-forwarding", "no-port-forwarding", "no-X11-forwarding"):
            assert restriction in options, line
    if name_of(host) == "ca-worker1":
        assert not any("ca-departed" in line for line in lines), "the departed master's key is still trusted"
        assert any(line.endswith("ops@laptop") for line in lines), "the operator's key must be kept"
