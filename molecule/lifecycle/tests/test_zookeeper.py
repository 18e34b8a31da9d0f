"""Checks of the lifecycle scenario's three-member ensemble (zookeeper role),
run after the Alluxio checks of test_lifecycle.py because they restart members
under the running Alluxio cluster: a killed follower, the rolling restart
playbook, and a configuration change after a tag-limited run.

Per-host tests run on the members (testinfra_hosts); ensemble tests reach the
members through the molecule inventory and talk to ZooKeeper from the
controller with kazoo, as Alluxio clients do.
"""

import json
import os
import subprocess
import sys
import time

import pytest
import testinfra
import testinfra.utils.ansible_runner
from kazoo.client import KazooClient

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
# pylint: disable=wrong-import-position
from alluxio_cluster import HARDENED, sandbox_settings, unit_exposure  # noqa: E402

MEMBERS = tuple(sorted(testinfra.utils.ansible_runner.AnsibleRunner(
    os.environ["MOLECULE_INVENTORY_FILE"]).get_hosts("zookeeper")))
testinfra_hosts = list(MEMBERS)
CLIENT_PORT = 2181
PROJECT_DIR = os.environ.get(
    "MOLECULE_PROJECT_DIRECTORY",
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")),
)


def _member(name):
    inventory = os.environ["MOLECULE_INVENTORY_FILE"]
    return testinfra.get_host("ansible://%s?ansible_inventory=%s" % (name, inventory), sudo=True)


@pytest.fixture(scope="module")
def members():
    return {name: _member(name) for name in MEMBERS}


@pytest.fixture(scope="module")
def addresses(members):
    return {name: own_address(host) for name, host in members.items()}


_OWN_ADDRESS = {}


def own_address(host):
    """The member's address on the lab network, where ZooKeeper listens for clients (clientPortAddress)."""
    name = host.backend.get_hostname()
    if name not in _OWN_ADDRESS:
        _OWN_ADDRESS[name] = host.check_output("hostname -I").split()[0]
    return _OWN_ADDRESS[name]


def four_letter_word(host, word):
    """Answer of a four-letter word sent on the member itself, to its client address, as a dict."""
    out = host.check_output("printf %s | nc -w 5 %s %s", word, own_address(host), str(CLIENT_PORT))
    fields = {}
    for line in out.splitlines():
        sep = "\t" if "\t" in line else ": "
        if sep in line:
            key, value = line.split(sep, 1)
            fields[key.strip()] = value.strip()
    return fields


def modes(members):
    return {name: four_letter_word(host, "srvr").get("Mode", "down") for name, host in members.items()}


def wait_healthy(members, timeout=120):
    """Wait for one leader with every other member synced; return the modes."""
    deadline = time.time() + timeout
    seen = {}
    while time.time() < deadline:
        try:
            seen = modes(members)
            leaders = [n for n, m in seen.items() if m == "leader"]
            if len(leaders) == 1 and sorted(seen.values()) == ["follower", "follower", "leader"]:
                # "2.0" with the Prometheus metrics provider, "2" without it.
                synced = four_letter_word(members[leaders[0]], "mntr").get("zk_synced_followers")
                if synced is not None and float(synced) == len(MEMBERS) - 1:
                    return seen
        except AssertionError:
            pass
        time.sleep(2)
    pytest.fail("ensemble not healthy after %ss: %s" % (timeout, seen))


def test_service_runs_as_its_own_unit(host):
    service = host.service("zookeeper")
    assert service.is_running
    assert service.is_enabled
    unit = host.file("/etc/systemd/system/zookeeper.service")
    assert unit.contains("QuorumPeerMain /etc/zookeeper/zoo.cfg")
    assert unit.contains("-Xmx128m")
    java = host.process.get(comm="java")
    assert java.user == "zookeeper"


def test_unit_is_sandboxed(host):
    """zookeeper_unit_hardening: systemd rates the unit's exposure below 6.0, and
    what the member writes while it serves is not readable by others."""
    assert unit_exposure(host, "zookeeper.service") < 6.0
    assert sandbox_settings(host, "zookeeper") == HARDENED
    # Snapshots and transaction logs: 0640 or stricter, whatever ZooKeeper wrote.
    modes = host.check_output("find %s -type f ! -name myid -newer /etc/systemd/system/zookeeper.service -printf '%%m %%p\\n'",
                              "/var/lib/zookeeper")
    assert modes and all(int(line.split()[0], 8) & 0o027 == 0 for line in modes.splitlines()), modes


def test_myid_matches_server_line(host):
    myid = host.file("/var/lib/zookeeper/myid")
    assert myid.is_file and not myid.is_symlink
    assert myid.user == "zookeeper"
    name = host.check_output("hostname")
    config = host.file("/etc/zookeeper/zoo.cfg").content_string
    assert "server.%s=%s:2888:3888" % (myid.content_string.strip(), name) in config.splitlines()


def test_config_allows_role_checks_and_alluxio_sessions(host):
    config = dict(
        line.split("=", 1)
        for line in host.file("/etc/zookeeper/zoo.cfg").content_string.splitlines()
        if line and not line.startswith("#")
    )
    assert set(config["4lw.commands.whitelist"].split(",")) == {"ruok", "srvr", "mntr"}
    assert int(config["maxSessionTimeout"]) >= 60000
    # property_change.yml switched logins on: members require them of each other.
    assert config["authProvider.sasl"] == "org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
    assert [config["quorum.auth." + key] for key in ("enableSasl", "learnerRequireSasl", "serverRequireSasl")] == ["true"] * 3
    # Clients are served on the member's cluster address only (hosts_file_address_source: fact).
    assert config["clientPortAddress"] == own_address(host)
    assert host.check_output("printf ruok | nc -w 5 %s %s", own_address(host), str(CLIENT_PORT)) == "imok"
    assert host.run("printf ruok | nc -w 5 127.0.0.1 %s", str(CLIENT_PORT)).stdout.strip() == ""


def _metric_names(host, port=7000):
    out = host.check_output("curl -sf http://%s:%s/metrics", host.check_output("hostname"), str(port))
    return {line.split("{")[0].split(" ")[0] for line in out.splitlines() if line and not line.startswith("#")}


def test_prometheus_metrics_served_by_every_member_and_leader_only_ones_by_the_leader(members):
    seen = wait_healthy(members)
    for name, host in members.items():
        names = _metric_names(host)
        assert {"uptime", "quorum_size", "znode_count", "jvm_memory_bytes_used"} <= names, (name, sorted(names)[:50])
        assert ("leader_uptime" in names) == (seen[name] == "leader"), (name, seen)


def test_one_leader_and_two_followers(members):
    seen = wait_healthy(members)
    assert sorted(seen.values()) == ["follower", "follower", "leader"]


def test_znode_written_on_one_member_is_read_on_the_others(addresses):
    path = "/molecule/replication"
    writer = KazooClient(hosts="%s:%d" % (addresses[MEMBERS[0]], CLIENT_PORT))
    writer.start(timeout=30)
    try:
        writer.ensure_path("/molecule")
        if writer.exists(path):
            writer.delete(path)
        writer.create(path, b"written-through-the-first-member")
    finally:
        writer.stop()
        writer.close()
    for name in MEMBERS[1:]:
        reader = KazooClient(hosts="%s:%d" % (addresses[name], CLIENT_PORT), read_only=False)
        reader.start(timeout=30)
        try:
            reader.sync(path)
            data = reader.get(path)[0]
            assert data == b"written-through-the-first-member", name
        finally:
            reader.stop()
            reader.close()


def test_alluxio_leader_lookup_finds_planted_leader(addresses):
    """The collection's lookup reads an Alluxio 2.x leader znode off this ensemble
    (under a path of its own: the cluster's leader lives in /alluxio/leader)."""
    ensemble = ",".join("%s:%d" % (addresses[n], CLIENT_PORT) for n in MEMBERS)
    planter = KazooClient(hosts=ensemble)
    planter.start(timeout=30)
    try:
        planter.create("/molecule/leader/master1:19998", b"", ephemeral=True, makepath=True)
        result = subprocess.run(
            [
                "ansible", "localhost", "-o", "-m", "ansible.builtin.debug", "-a",
                "msg={{ lookup('datalake.alluxio.alluxio_leader', hosts='%s', leader_path='/molecule/leader') }}" % ensemble,
            ],
            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120, check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert '"msg": "master1:19998"' in result.stdout, result.stdout
    finally:
        planter.stop()
        planter.close()


def test_killed_follower_is_restarted_and_rejoins(members):
    before = wait_healthy(members)
    follower = sorted(n for n, m in before.items() if m == "follower")[0]
    host = members[follower]
    pid = host.check_output("systemctl show -p MainPID --value zookeeper")
    assert pid != "0"
    host.run_expect([0], "kill -9 %s", pid)
    deadline = time.time() + 60
    new_pid = pid
    while time.time() < deadline and new_pid in (pid, "0"):
        time.sleep(2)
        new_pid = host.check_output("systemctl show -p MainPID --value zookeeper")
    assert new_pid not in (pid, "0"), "systemd did not restart ZooKeeper on %s" % follower
    assert int(host.check_output("systemctl show -p NRestarts --value zookeeper")) >= 1
    after = wait_healthy(members)
    assert after[follower] in ("follower", "leader")


def test_rolling_restart_restarts_the_leader_last(members):
    before = wait_healthy(members)
    leader = [n for n, m in before.items() if m == "leader"][0]
    started = {n: h.check_output("systemctl show -p ExecMainStartTimestampMonotonic --value zookeeper") for n, h in members.items()}
    result = subprocess.run(
        ["ansible-playbook", "-i", os.environ["MOLECULE_INVENTORY_FILE"], "playbooks/zookeeper_rolling_restart.yml"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    restarted = [
        line.split("Restart ZooKeeper on ", 1)[1].split("]", 1)[0]
        for line in result.stdout.splitlines()
        if "TASK [datalake.alluxio.zookeeper : Restart ZooKeeper on " in line
    ]
    assert sorted(restarted) == sorted(MEMBERS)
    assert restarted[-1] == leader
    for name, host in members.items():
        now = host.check_output("systemctl show -p ExecMainStartTimestampMonotonic --value zookeeper")
        assert int(now) > int(started[name]), "%s was not restarted" % name
    wait_healthy(members)


def run_zookeeper_playbook(*args):
    result = subprocess.run(
        ["ansible-playbook", "-i", os.environ["MOLECULE_INVENTORY_FILE"], "playbooks/zookeeper.yml"] + list(args),
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    return [
        line.split("Restart ZooKeeper on ", 1)[1].split("]", 1)[0]
        for line in result.stdout.splitlines()
        if "TASK [datalake.alluxio.zookeeper : Restart ZooKeeper on " in line
    ]


def test_config_change_reaches_every_member_even_after_a_tag_limited_run(members):
    """zoo.cfg changes in a --tags zookeeper_configure run (no restart); the next
    full run finds the servers older than their zoo.cfg and restarts them,
    followers first and the leader last; the run after that restarts nothing."""
    before = wait_healthy(members)
    leader = [n for n, m in before.items() if m == "leader"][0]
    # Logins stay on as property_change.yml left them (molecule rewrites the
    # inventory, without the group_vars file that switched them on).
    change = ["-e", json.dumps({"zookeeper_config_overrides": {"maxClientCnxns": 77}, "zookeeper_auth_enabled": True})]

    def pids():
        return {n: h.check_output("systemctl show -p MainPID --value zookeeper") for n, h in members.items()}

    started = pids()
    assert run_zookeeper_playbook(*(change + ["--tags", "zookeeper_configure"])) == []
    assert pids() == started
    for host in members.values():
        assert "maxClientCnxns=77" in host.file("/etc/zookeeper/zoo.cfg").content_string

    restarted = run_zookeeper_playbook(*change)
    assert sorted(restarted) == sorted(MEMBERS)
    assert restarted[-1] == leader
    after = pids()
    assert all(after[name] != started[name] for name in MEMBERS), (started, after)
    wait_healthy(members)

    assert run_zookeeper_playbook(*change) == []
    assert pids() == after
