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
from ansible_collections.datalake.alluxio.plugins.module_utils.release_trust import (
    untrusted_message,
    untrusted_paths,
)

SITE_FILE = 'alluxio-site.properties'
ENV_FILE = 'alluxio-env.sh'

# Environment variables of alluxio-env.sh that the release's
# libexec/alluxio-config.sh turns into -D options for every process (its
# ALLUXIO_JAVA_OPTS), as of Alluxio 2.4 to 2.9. Other versions: env_defines().
ENV_TO_PROPERTY = {
    'ALLUXIO_MASTER_HOSTNAME': 'alluxio.master.hostname',
    'ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS': 'alluxio.master.mount.table.root.ufs',
    'ALLUXIO_WORKER_RAMDISK_SIZE': 'alluxio.worker.ramdisk.size',
    'ALLUXIO_RAM_FOLDER': 'alluxio.worker.tieredstore.level0.dirs.path',
}


def env_defines(env, version):
    """The ``-D`` options that ``libexec/alluxio-config.sh`` of ``version``
    derives from named variables of ``env``, as ``{key: value}``.

    Per release line (read from each branch's alluxio-config.sh):

    * 1.1 to 1.8: ``ALLUXIO_MASTER_ADDRESS`` (deprecated) replaces
      ``ALLUXIO_MASTER_HOSTNAME``; ``ALLUXIO_UNDERFS_ADDRESS`` ->
      ``alluxio.underfs.address``; ``ALLUXIO_WORKER_MEMORY_SIZE`` ->
      ``alluxio.worker.memory.size``; ``ALLUXIO_RAM_FOLDER`` -> the level-0
      path (and, from 1.5, ``alluxio.worker.tieredstore.level0.alias=MEM``).
    * 2.0 to 2.3: ``ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS`` (else the deprecated
      ``ALLUXIO_UNDERFS_ADDRESS``) -> ``alluxio.master.mount.table.root.ufs``;
      ``ALLUXIO_WORKER_MEMORY_SIZE`` -> ``alluxio.worker.memory.size``.
    * 2.4 and later: ``ALLUXIO_WORKER_MEMORY_SIZE`` (deprecated) and then
      ``ALLUXIO_WORKER_RAMDISK_SIZE`` -> ``alluxio.worker.ramdisk.size``; the
      later option wins on the java command line.
    """
    ver = tuple(version[:2]) if version else (2, 9)

    def val(name):
        return (env.get(name) or '').strip() and env.get(name)

    out = {}
    hostname = val('ALLUXIO_MASTER_HOSTNAME')
    if ver < (2, 0) and val('ALLUXIO_MASTER_ADDRESS'):
        hostname = val('ALLUXIO_MASTER_ADDRESS')
    if val('ALLUXIO_RAM_FOLDER'):
        if ver >= (1, 5):
            out['alluxio.worker.tieredstore.level0.alias'] = 'MEM'
        out['alluxio.worker.tieredstore.level0.dirs.path'] = val('ALLUXIO_RAM_FOLDER')
    if hostname:
        out['alluxio.master.hostname'] = hostname
    if ver < (2, 0):
        if val('ALLUXIO_UNDERFS_ADDRESS'):
            out['alluxio.underfs.address'] = val('ALLUXIO_UNDERFS_ADDRESS')
    else:
        root = val('ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS') or val('ALLUXIO_UNDERFS_ADDRESS')
        if root:
            out['alluxio.master.mount.table.root.ufs'] = root
    size_key = 'alluxio.worker.ramdisk.size' if ver >= (2, 4) else 'alluxio.worker.memory.size'
    if val('ALLUXIO_WORKER_MEMORY_SIZE'):
        out[size_key] = val('ALLUXIO_WORKER_MEMORY_SIZE')
    if ver >= (2, 4) and val('ALLUXIO_WORKER_RAMDISK_SIZE'):
        out[size_key] = val('ALLUXIO_WORKER_RAMDISK_SIZE')
    return out


def effective_defines(env, version, role, home=None, conf_dir=None, logs_dir=None):
    """The ``-D`` options a ``role`` JVM started by the release's scripts gets.

    ``role`` is MASTER, WORKER, JOB_MASTER, JOB_WORKER, PROXY, SECONDARY_MASTER
    or USER (the command-line tools: ``fs``, ``getConf`` and also
    ``formatJournal``/``formatWorker``, which run with ALLUXIO_USER_JAVA_OPTS).
    alluxio-config.sh appends to the operator's ALLUXIO_JAVA_OPTS the install
    paths and the env_defines(), so those win over it. Before 2.7 it appends
    ALLUXIO_JAVA_OPTS after the role's own options (ALLUXIO_JAVA_OPTS wins);
    from 2.7 the role's options come last and win.
    """
    ver = tuple(version[:2]) if version else (2, 9)
    common = java_opts_defines(env, ('ALLUXIO_JAVA_OPTS',))
    if home:
        common['alluxio.home'] = home
    if conf_dir:
        common['alluxio.conf.dir'] = conf_dir
    if logs_dir:
        common['alluxio.logs.dir'] = logs_dir
    common.update(env_defines(env, version))
    own = java_opts_defines(env, ('ALLUXIO_%s_JAVA_OPTS' % role,))
    if ver >= (2, 7):
        merged = common
        merged.update(own)
    else:
        merged = own
        merged.update(common)
    return merged


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
        self._untrusted = None
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

    def untrusted_by_root(self):
        """What another account can change among the files root would run
        from this release (and its conf directory and Java home), when this
        module runs as root; [] when it does not, or when nothing is."""
        if os.geteuid() != 0:
            return []
        if self._untrusted is None:
            extra = [self.conf_dir] if self.custom_conf_dir else []
            java_home = self.env.get('JAVA_HOME')
            if java_home and os.path.isabs(java_home):
                extra.append(java_home)
            self._untrusted = untrusted_paths(self.home, extra)
        return self._untrusted

    def require_trusted(self, what):
        """Fail unless root may run ``what`` from this release."""
        problems = self.untrusted_by_root()
        if problems:
            self.module.fail_json(msg=untrusted_message(problems, what), untrusted=problems)

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
        if self.untrusted_by_root():
            return None
        rc, out, _err = self.run(['version'])
        if rc == 0:
            for line in reversed(out.splitlines()):
                text = version_string(line)
                if text:
                    return text
        return None

    # -- configuration ---------------------------------------------------
    def raw(self, key, role='MASTER'):
        """The unexpanded value of ``key`` as the ``role`` JVM sees it (``-D``
        options the scripts build > ``alluxio-site.properties`` > defaults)."""
        defines = effective_defines(self.env, self.version, role, home=self.home, conf_dir=self.conf_dir,
                                    logs_dir=self.logs_dir)
        if key in defines:
            return defines[key]
        if key in self.site:
            return self.site[key]
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

    def journal(self, role='MASTER'):
        """``(folder, type)`` of the master journal as the ``role`` JVM reads it
        (USER: what ``bin/alluxio formatJournal`` formats)."""
        return (self.get('alluxio.master.journal.folder', role),
                (self.get('alluxio.master.journal.type', role) or 'UFS').upper())

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
        """Run a distribution script; returns ``(rc, stdout, stderr)``. As
        root, only from a release no other account can change."""
        argv = self.command(args, script)
        self.require_trusted(' '.join(argv))
        return self.module.run_command(argv, environ_update=self.environment(env), cwd=self.home)
