# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""An Alluxio installation on the managed host, as the modules see it.

``AlluxioInstall`` resolves the conf and logs directories, reads
``alluxio-site.properties`` and ``alluxio-env.sh`` with the precedence the
JVM applies (``-D`` options > site file > built-in defaults), finds the
version, and runs the distribution's own scripts.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import (
    version_from_jar_names,
    version_from_libexec,
    version_string,
    version_tuple,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_properties import (
    java_opts_defines,
    parse_env_file,
    parse_properties,
    resolve,
)

SITE_FILE = 'alluxio-site.properties'
ENV_FILE = 'alluxio-env.sh'

# Environment variables of alluxio-env.sh that libexec/alluxio-config.sh turns
# into -D options for every process.
ENV_TO_PROPERTY = {
    'ALLUXIO_MASTER_HOSTNAME': 'alluxio.master.hostname',
    'ALLUXIO_UNDERFS_ADDRESS': 'alluxio.underfs.address',
    'ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS': 'alluxio.master.mount.table.root.ufs',
    'ALLUXIO_WORKER_MEMORY_SIZE': 'alluxio.worker.memory.size',
    'ALLUXIO_RAM_FOLDER': 'alluxio.worker.tieredstore.level0.dirs.path',
}


def alluxio_argument_spec():
    """Options shared by every module (documented in the ``alluxio`` doc fragment)."""
    return dict(
        alluxio_home=dict(type='path', default='/opt/alluxio'),
        conf_dir=dict(type='path'),
    )


def _read(path):
    try:
        with open(path, 'r') as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def builtin_defaults(version):
    """Defaults of the keys the modules read, for the installed version."""
    major = version[0] if version else 2
    defaults = {
        'alluxio.work.dir': '${alluxio.home}',
        'alluxio.conf.dir': '${alluxio.home}/conf',
        'alluxio.logs.dir': '${alluxio.work.dir}/logs',
        'alluxio.master.journal.folder': '${alluxio.work.dir}/journal',
        'alluxio.master.journal.type': 'EMBEDDED' if major >= 2 else 'UFS',
        'alluxio.master.rpc.port': '19998',
        'alluxio.master.web.port': '19999',
        'alluxio.worker.web.port': '30000',
        'alluxio.job.master.web.port': '20002',
        'alluxio.job.worker.web.port': '30003',
        'alluxio.proxy.web.port': '39999',
        'alluxio.zookeeper.enabled': 'false',
        'alluxio.worker.tieredstore.levels': '1',
        'alluxio.worker.tieredstore.level0.dirs.path': '/mnt/ramdisk',
        'alluxio.worker.data.folder': '/alluxioworker/',
    }
    if version and tuple(version[:2]) < (1, 8):
        defaults['alluxio.master.journal.folder'] = '${alluxio.home}/journal/'
    return defaults


class AlluxioInstall(object):
    """Paths, configuration and commands of one Alluxio installation."""

    def __init__(self, module, home, conf_dir=None):
        self.module = module
        self.home = os.path.normpath(home)
        self.conf_dir = os.path.normpath(conf_dir) if conf_dir else os.path.join(self.home, 'conf')
        self.custom_conf_dir = bool(conf_dir)
        self._version = None
        self._version_checked = False
        env_text = _read(os.path.join(self.conf_dir, ENV_FILE)) or ''
        self.env = parse_env_file(env_text, initial={'ALLUXIO_HOME': self.home,
                                                     'ALLUXIO_CONF_DIR': self.conf_dir})
        self.site = parse_properties(_read(os.path.join(self.conf_dir, SITE_FILE)) or '')

    # -- checks ----------------------------------------------------------
    def script(self, name):
        return os.path.join(self.home, 'bin', name)

    def require_distribution(self):
        """Fail with a clear message unless ``bin/alluxio`` is there."""
        launcher = self.script('alluxio')
        if not os.path.isfile(launcher):
            self.module.fail_json(
                msg='No Alluxio distribution at alluxio_home=%s: %s does not exist. Set alluxio_home '
                    'to the directory the release tarball was unpacked into.' % (self.home, launcher))

    # -- version ---------------------------------------------------------
    @property
    def version(self):
        """``(major, minor, patch)`` or None; cheap sources before the JVM."""
        if not self._version_checked:
            self._version_checked = True
            self._version = version_tuple(self._version_text())
        return self._version

    def _version_text(self):
        text = version_from_libexec(_read(os.path.join(self.home, 'libexec', 'alluxio-config.sh')))
        if text:
            return text
        for sub in ('assembly', os.path.join('assembly', 'target'), os.path.join('assembly', 'server', 'target'),
                    'lib', 'client'):
            try:
                names = os.listdir(os.path.join(self.home, sub))
            except OSError:
                continue
            text = version_from_jar_names(names)
            if text:
                return text
        rc, out, _err = self.run(['version'])
        if rc == 0:
            for line in reversed(out.splitlines()):
                text = version_string(line)
                if text:
                    return text
        return None

    # -- configuration ---------------------------------------------------
    def raw(self, key, role='MASTER'):
        """The unexpanded value of ``key`` as the ``role`` JVM sees it."""
        defines = java_opts_defines(self.env, ('ALLUXIO_JAVA_OPTS', 'ALLUXIO_%s_JAVA_OPTS' % role))
        if key in defines:
            return defines[key]
        for env_name, prop in ENV_TO_PROPERTY.items():
            if prop == key and self.env.get(env_name):
                return self.env[env_name]
        if key in self.site:
            return self.site[key]
        if key == 'alluxio.home':
            return self.home
        if key == 'alluxio.conf.dir':
            return self.conf_dir
        return builtin_defaults(self.version).get(key)

    def get(self, key, role='MASTER', default=None):
        value = resolve(self.raw(key, role), lambda ref: self.raw(ref, role))
        return default if value is None else value.strip()

    def get_bool(self, key, role='MASTER'):
        return str(self.get(key, role, 'false')).strip().lower() == 'true'

    def get_int(self, key, role='MASTER'):
        value = self.get(key, role)
        try:
            return int(value)
        except (TypeError, ValueError):
            self.module.fail_json(msg='Property %s=%r in %s is not an integer.'
                                      % (key, value, os.path.join(self.conf_dir, SITE_FILE)))

    def get_list(self, key, role='MASTER'):
        value = self.get(key, role) or ''
        return [item.strip() for item in value.split(',') if item.strip()]

    @property
    def logs_dir(self):
        return self.env.get('ALLUXIO_LOGS_DIR') or os.environ.get('ALLUXIO_LOGS_DIR') \
            or os.path.join(self.home, 'logs')

    def log_path(self, name):
        return os.path.join(self.logs_dir, '%s.log' % name)

    def out_path(self, name):
        return os.path.join(self.logs_dir, '%s.out' % name)

    def journal(self):
        """``(folder, type)`` of the master journal."""
        return (self.get('alluxio.master.journal.folder'),
                (self.get('alluxio.master.journal.type') or 'UFS').upper())

    def ha_mode(self):
        if self.get_bool('alluxio.zookeeper.enabled'):
            return 'zookeeper'
        _folder, journal_type = self.journal()
        if journal_type == 'EMBEDDED' and (
                len(self.get_list('alluxio.master.embedded.journal.addresses')) > 1
                or len(self.get_list('alluxio.master.rpc.addresses')) > 1):
            return 'embedded'
        return 'single'

    # -- commands --------------------------------------------------------
    def environment(self, extra=None):
        env = {}
        if self.custom_conf_dir:
            env['ALLUXIO_CONF_DIR'] = self.conf_dir
        env.update(extra or {})
        return env

    def command(self, args, script='alluxio'):
        return [self.script(script)] + list(args)

    def run(self, args, script='alluxio', env=None):
        """Run a distribution script; returns ``(rc, stdout, stderr)``."""
        return self.module.run_command(self.command(args, script), environ_update=self.environment(env),
                                       cwd=self.home)
