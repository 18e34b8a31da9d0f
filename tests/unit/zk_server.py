# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Run real ZooKeeper servers (standalone or a loopback ensemble) for tests.

Uses the Debian ``zookeeper`` package (installed with apt-get when missing and
running as root). Each server is a ``QuorumPeerMain`` JVM with a small heap,
its own data directory, free loopback ports and a log file.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import os
import random
import shutil
import socket
import subprocess
import time

JAVA = os.environ.get('JAVA', shutil.which('java') or '/usr/bin/java')
# Debian 12 layout first, then the upstream tarball layout.
ZOOKEEPER_JARS = ['/usr/share/java/zookeeper.jar', '/usr/share/zookeeper/lib/zookeeper-*.jar']
# The Debian jar's manifest lists most dependencies; these complete it with a
# log4j binding (logs) and the netty pieces the secure client port needs.
EXTRA_JARS = [
    'slf4j-log4j12.jar', 'log4j-1.2.jar',
    'netty-codec.jar', 'netty-resolver.jar', 'netty-transport-native-unix-common.jar',
]

LOG4J = """\
log4j.rootLogger=INFO, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1} - %m%n
"""


# Lets the test harness's admin session clean up znodes that carry ACLs.
SUPER_USER = 'super'
SUPER_PASSWORD = 'test-harness-super'
# The SASL (DIGEST-MD5) account of servers started with sasl_users.
SASL_USER, SASL_PASSWORD = 'alluxio', 'sasl-test-secret'


def super_digest():
    sha = hashlib.sha1(('%s:%s' % (SUPER_USER, SUPER_PASSWORD)).encode()).digest()
    return '%s:%s' % (SUPER_USER, base64.b64encode(sha).decode())


class ZkSetupError(RuntimeError):
    pass


def _zookeeper_jar():
    for pattern in ZOOKEEPER_JARS:
        found = sorted(p for p in glob.glob(pattern) if 'jute' not in p)
        if found:
            return found[0]
    return None


def ensure_zookeeper_installed():
    """Return the classpath, installing Debian's zookeeper package if needed."""
    jar = _zookeeper_jar()
    if jar is None or not os.path.exists(JAVA):
        if os.geteuid() != 0 or not shutil.which('apt-get'):
            raise ZkSetupError(
                'ZooKeeper is not installed (no %s) and this is not a root Debian host; '
                'run: apt-get install -y zookeeper' % ZOOKEEPER_JARS[0])
        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        for cmd in (['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'zookeeper']):
            result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise ZkSetupError('%s failed:\n%s%s' % (' '.join(cmd), result.stdout[-2000:], result.stderr[-2000:]))
        jar = _zookeeper_jar()
        if jar is None:
            raise ZkSetupError('apt-get installed zookeeper but no jar matches %s' % ZOOKEEPER_JARS)
    jars = [jar] + glob.glob(os.path.join(os.path.dirname(jar), 'zookeeper-jute*.jar'))[:1]
    for name in EXTRA_JARS:
        path = os.path.join('/usr/share/java', name)
        if os.path.exists(path):
            jars.append(path)
    return jars


# Ports given to members of this test run: never handed out twice.
_HANDED_OUT = set()


def _ephemeral_range():
    try:
        with open('/proc/sys/net/ipv4/ip_local_port_range', encoding='ascii') as handle:
            low, high = (int(value) for value in handle.read().split())
        return low, high
    except (OSError, ValueError):
        return 32768, 60999


def free_ports(count):
    """``count`` distinct free loopback ports below the kernel's ephemeral range.

    A port from the ephemeral range can be taken by any outgoing connection
    while a stopped member waits to start again on it (tests restart members);
    below the range only a listener can take it.
    """
    low = max(_ephemeral_range()[0], 11000) - 10000
    candidates = [port for port in random.sample(range(low, low + 10000), 400) if port not in _HANDED_OUT]
    socks = []
    try:
        for port in candidates:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sock.bind(('127.0.0.1', port))
            except OSError:
                sock.close()
                continue
            socks.append(sock)
            if len(socks) == count:
                ports = [s.getsockname()[1] for s in socks]
                _HANDED_OUT.update(ports)
                return ports
        raise ZkSetupError('no %d free loopback ports between %d and %d' % (count, low, low + 10000))
    finally:
        for sock in socks:
            sock.close()


def four_letter_word(port, word, timeout=1.0):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=timeout) as sock:
            sock.sendall(word.encode())
            chunks = []
            while True:
                data = sock.recv(4096)
                if not data:
                    break
                chunks.append(data)
        return b''.join(chunks).decode(errors='replace')
    except OSError:
        return ''


class ZkMember:
    def __init__(self, sid, base_dir):
        self.sid = sid
        self.dir = os.path.join(base_dir, 'zk%d' % sid)
        self.data_dir = os.path.join(self.dir, 'data')
        self.cfg = os.path.join(self.dir, 'zoo.cfg')
        self.log = os.path.join(self.dir, 'zookeeper.log')
        self.client_port, self.quorum_port, self.election_port = free_ports(3)
        self.secure_port = None
        self.proc = None

    @property
    def address(self):
        return '127.0.0.1:%d' % self.client_port

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines=40):
        try:
            with open(self.log, errors='replace') as handle:
                return ''.join(handle.readlines()[-lines:])
        except OSError:
            return '(no log)'


class ZkEnsemble:
    """One standalone server (size=1) or a quorum of ``size`` members on 127.0.0.1.

    ``sasl_users`` (name to password) lets clients log in with SASL DIGEST-MD5.
    ``tls`` is a dict with ``keystore`` (PEM key and certificate) and
    ``truststore`` (PEM CA) to add a Netty ``secureClientPort``; ``client_auth``
    (``none``, ``want``, ``need``) defaults to ``need``.
    """

    def __init__(self, base_dir, size=1, tls=None, heap='128m', sasl_users=None):
        self.base_dir = base_dir
        self.size = size
        self.tls = tls
        self.sasl_users = sasl_users
        self.heap = heap
        self.classpath = None
        self.members = [ZkMember(sid, base_dir) for sid in range(1, size + 1)]
        if tls:
            for member in self.members:
                member.secure_port = free_ports(1)[0]

    @property
    def hosts(self):
        return [m.address for m in self.members]

    @property
    def secure_hosts(self):
        return ['127.0.0.1:%d' % m.secure_port for m in self.members]

    @property
    def connection_string(self):
        return ','.join(self.hosts)

    def _write_config(self, member):
        os.makedirs(member.data_dir, exist_ok=True)
        lines = [
            'tickTime=500',
            'initLimit=20',
            'syncLimit=10',
            'dataDir=%s' % member.data_dir,
            'clientPort=%d' % member.client_port,
            'clientPortAddress=127.0.0.1',
            'admin.enableServer=false',
            '4lw.commands.whitelist=*',
            'maxSessionTimeout=60000',
            'DigestAuthenticationProvider.superDigest=%s' % super_digest(),
        ]
        if self.size > 1:
            with open(os.path.join(member.data_dir, 'myid'), 'w') as handle:
                handle.write('%d\n' % member.sid)
            lines += ['server.%d=127.0.0.1:%d:%d' % (m.sid, m.quorum_port, m.election_port) for m in self.members]
        if self.tls:
            lines += [
                'secureClientPort=%d' % member.secure_port,
                'serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory',
                'ssl.keyStore.location=%s' % self.tls['keystore'],
                'ssl.keyStore.type=PEM',
                'ssl.trustStore.location=%s' % self.tls['truststore'],
                'ssl.trustStore.type=PEM',
                'ssl.clientAuth=%s' % self.tls.get('client_auth', 'need'),
            ]
        if self.sasl_users:
            lines.append('authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider')
            accounts = ''.join('\n  user_%s="%s"' % item for item in sorted(self.sasl_users.items()))
            with open(os.path.join(member.dir, 'jaas.conf'), 'w') as handle:
                handle.write('Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required%s;\n};\n' % accounts)
        with open(member.cfg, 'w') as handle:
            handle.write('\n'.join(lines) + '\n')
        with open(os.path.join(member.dir, 'log4j.properties'), 'w') as handle:
            handle.write(LOG4J)

    def start_member(self, member):
        if self.classpath is None:
            self.classpath = ensure_zookeeper_installed()
        self._write_config(member)
        cmd = [
            JAVA, '-Xmx%s' % self.heap, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto',
            '-Djava.net.preferIPv4Stack=true', '-Dzookeeper.jmx.log4j.disable=true',
        ] + (['-Djava.security.auth.login.config=%s' % os.path.join(member.dir, 'jaas.conf')] if self.sasl_users else []) + [
            '-cp', ':'.join([member.dir] + self.classpath),
            'org.apache.zookeeper.server.quorum.QuorumPeerMain', member.cfg,
        ]
        with open(member.log, 'ab') as log:
            member.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL, start_new_session=True)

    def start(self, timeout=60):
        for member in self.members:
            self.start_member(member)
        self.wait_serving(timeout)
        return self

    def wait_serving(self, timeout=60, members=None):
        """Wait until every running member answers ruok and serves requests."""
        members = [m for m in (members or self.members) if m.proc is not None]
        deadline = time.monotonic() + timeout
        pending = list(members)
        while pending:
            for member in list(pending):
                if not member.running:
                    raise ZkSetupError('ZooKeeper %d exited (rc=%s); log %s:\n%s'
                                       % (member.sid, member.proc.returncode, member.log, member.log_tail()))
                if four_letter_word(member.client_port, 'ruok') == 'imok' and \
                        'Mode: ' in four_letter_word(member.client_port, 'srvr'):
                    pending.remove(member)
            if not pending:
                return
            if time.monotonic() > deadline:
                raise ZkSetupError('ZooKeeper member(s) %s not serving after %ss; logs:\n%s' % (
                    [m.sid for m in pending], timeout,
                    '\n'.join('%s:\n%s' % (m.log, m.log_tail()) for m in pending)))
            time.sleep(0.2)

    def mode(self, member):
        for line in four_letter_word(member.client_port, 'srvr').splitlines():
            if line.startswith('Mode: '):
                return line.split(': ', 1)[1].strip()
        return None

    def stop_member(self, member, timeout=15):
        if member.proc is None:
            return
        if member.proc.poll() is None:
            member.proc.terminate()
            try:
                member.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                member.proc.kill()
                member.proc.wait(timeout)
        member.proc = None

    def stop(self):
        for member in self.members:
            self.stop_member(member)

    def logs(self):
        return '\n'.join('== %s\n%s' % (m.log, m.log_tail()) for m in self.members)
