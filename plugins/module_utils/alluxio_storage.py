# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Decisions about remote (HDFS) journals and under-storage, on the controller.

* storage_problems: the inventory's storage settings Alluxio cannot use, as
  sentences naming the variable and the fix (the site preflight);
* remote_format_decision: whether the shared remote journal may be formatted,
  from what the journal holds (read by the alluxio_hdfs_check module), the
  operator's opt-in and the masters that run;
* hadoop_conf_files: the Hadoop configuration files to write, core-site.xml
  first, those that set a secret property with their content kept apart;
* backup_uri_problem: why a backup URI given to restore.yml cannot be used.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import is_local_path
from ansible_collections.datalake.alluxio.plugins.module_utils.webhdfs import hadoop_xml_properties

HADOOP_FILES_REQUIRED = ('core-site.xml', 'hdfs-site.xml')
_TRUE_WORDS = ('true', 'yes', 'on', '1')


def is_hdfs(uri):
    return str(uri or '').startswith('hdfs://')


def _opt_in_is_bare_bool(opt_in):
    if isinstance(opt_in, bool):
        return opt_in
    return str(opt_in).strip().lower() in _TRUE_WORDS


def storage_problems(journal_folder, root_ufs, hadoop_conf, format_opt_in, ha_mode):
    """Problems of the storage settings, as sentences (empty when none)."""
    problems = []
    hdfs_vars = [name for name, value in (('alluxio_journal_folder', journal_folder),
                                          ('alluxio_root_ufs', root_ufs)) if is_hdfs(value)]
    if not isinstance(hadoop_conf, dict):
        return ['alluxio_hadoop_conf is a %s: give a dict of file name (core-site.xml, hdfs-site.xml) to its '
                'content.' % type(hadoop_conf).__name__]
    if ha_mode != 'embedded' and not is_local_path(journal_folder) and not is_hdfs(journal_folder):
        problems.append('alluxio_journal_folder is %s: a shared UFS journal must be on HDFS (hdfs://...) or on a '
                        'mount every master shares (a path, with alluxio_journal_shared: true); only those can be '
                        'read before a format.' % journal_folder)
    if hdfs_vars:
        missing = [name for name in HADOOP_FILES_REQUIRED if name not in hadoop_conf]
        if missing:
            problems.append(
                '%s on HDFS but alluxio_hadoop_conf lacks %s: give the HDFS cluster\'s client configuration '
                '(alluxio_hadoop_conf: {core-site.xml: "{{ lookup(\'file\', \'hadoop/core-site.xml\') }}", '
                'hdfs-site.xml: ...}), so that Alluxio writes with the cluster\'s replication and finds its '
                'NameNodes.' % (' and '.join(hdfs_vars) + (' is' if len(hdfs_vars) == 1 else ' are'),
                                ', '.join(missing)))
    for name, content in sorted(hadoop_conf.items()):
        if '/' in name or not name.endswith('.xml'):
            problems.append('alluxio_hadoop_conf has the file name "%s": use plain *.xml names such as '
                            'core-site.xml.' % name)
            continue
        try:
            hadoop_xml_properties(content)
        except (ValueError, TypeError) as exc:
            problems.append('alluxio_hadoop_conf["%s"] is not a Hadoop configuration file: %s; give the file\'s '
                            'text (<configuration><property>...).' % (name, exc))
    if format_opt_in not in (None, '', False) and _opt_in_is_bare_bool(format_opt_in):
        if is_hdfs(journal_folder) and ha_mode != 'embedded':
            problems.append(
                'alluxio_ha_format_remote_journal is "%s", a bare yes: name the journal it allows instead '
                '(alluxio_ha_format_remote_journal: %s), so that a value left in the inventory can never '
                'allow formatting another journal.' % (format_opt_in, journal_folder))
        else:
            problems.append('alluxio_ha_format_remote_journal is "%s", but the journal %s is not remote: '
                            'remove it.' % (format_opt_in, journal_folder))
    return problems


def remote_format_decision(journal, opt_in, journal_folder, running_masters):
    """What to do with a shared remote journal: ``{'action': ..., 'reason': ...}``.

    ``journal`` is the alluxio_hdfs_check result (state and evidence);
    ``running_masters`` the masters found running an Alluxio master JVM.
    action is ``keep`` (formatted or holding data: never formatted, whatever
    the opt-in says), ``format`` or ``refuse``.
    """
    state = (journal or {}).get('state')
    evidence = (journal or {}).get('evidence', 'the journal could not be read')
    if state in ('formatted', 'data'):
        return {'action': 'keep', 'reason': evidence}
    if state not in ('absent', 'empty'):
        return {'action': 'refuse', 'reason': 'the journal %s could not be read (%s): nothing is formatted.'
                % (journal_folder, evidence)}
    if str(opt_in or '').strip() != journal_folder:
        return {'action': 'refuse', 'reason': (
            '%s; formatting it starts a new, empty namespace. For a new cluster set '
            'alluxio_ha_format_remote_journal: %s (the URI, not true) and run again; if the journal should hold '
            'data, the masters point at the wrong folder: fix alluxio_journal_folder.' % (evidence, journal_folder))}
    if running_masters:
        return {'action': 'refuse', 'reason': (
            '%s, but Alluxio masters run on %s: stop them (playbooks/stop.yml) or find the journal they use '
            'before formatting.' % (evidence, ', '.join(sorted(running_masters))))}
    return {'action': 'format', 'reason': '%s; alluxio_ha_format_remote_journal names it' % evidence}


def _secret_name(name, secret_keys, secret_regex):
    return name in secret_keys or bool(secret_regex and re.search(secret_regex, name))


def hadoop_conf_files(hadoop_conf, conf_dir, secret_keys, secret_regex, mode='0640'):
    """The Hadoop files to write into ``conf_dir``, in the order Hadoop should read them.

    Returns ``{'paths': [...], 'files': [{path, mode, content}], 'secret_contents': {path: content}}``:
    core-site.xml first (later files override earlier ones); the content of a
    file that sets a secret property (or cannot be parsed) is None in
    ``files`` and given in ``secret_contents`` instead.
    """
    conf = hadoop_conf or {}
    names = sorted(conf, key=lambda name: (name != 'core-site.xml', name))
    result = {'paths': [], 'files': [], 'secret_contents': {}}
    for name in names:
        path = '%s/%s' % (conf_dir.rstrip('/'), name)
        content = conf[name]
        try:
            secret = any(_secret_name(key, secret_keys or [], secret_regex)
                         for key in hadoop_xml_properties(content))
        except (ValueError, TypeError):
            secret = True
        result['paths'].append(path)
        result['files'].append({'path': path, 'mode': mode, 'content': None if secret else content})
        if secret:
            result['secret_contents'][path] = content
    return result


# A backup URI goes into a systemd drop-in and a JVM option: no whitespace,
# quotes, backslashes, `%` (systemd specifiers), `$` or `;`.
_BACKUP_URI = re.compile(r'^(hdfs://[A-Za-z0-9.-]+(:[0-9]{1,5})?|file://)?(/[A-Za-z0-9._+=,@~-]+)+$')


def backup_uri_problem(uri):
    """Why ``uri`` cannot be restored from (None when it can): an ``hdfs://`` URI or an absolute local path.

    Those are the two a restore can check from every master before it stops
    anything (WebHDFS, or the file as the service account sees it).
    """
    text = '' if uri is None else str(uri)
    if not text.strip():
        return 'alluxio_restore_uri is empty: give the URI the backup printed (artifact alluxio_backup_uri).'
    if text != text.strip() or not _BACKUP_URI.match(text) or '/../' in text + '/' or '/./' in text + '/':
        return ('alluxio_restore_uri is %r: expected hdfs://<namenode>[:port]/<path> or an absolute local path '
                '(file:///<path> or /<path>) of letters, digits and . _ + = , @ ~ - only, without "." or ".." '
                'segments; give the URI the backup printed (artifact alluxio_backup_uri).' % text)
    return None
