# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters over remote journals and under-storage (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_storage import (
    backup_uri_problem,
    hadoop_conf_files,
    remote_format_decision,
    storage_problems,
)


def alluxio_storage_problems(journal_folder, root_ufs, hadoop_conf, format_opt_in, ha_mode):
    """Problems of the storage settings, as sentences naming the variable and the fix."""
    return storage_problems(journal_folder, root_ufs, hadoop_conf, format_opt_in, ha_mode)


def alluxio_remote_format_decision(journal, opt_in, journal_folder, running_masters):
    """keep, format or refuse a shared remote journal, with the reason."""
    if not isinstance(running_masters, (list, tuple)):
        raise AnsibleFilterError('alluxio_remote_format_decision: running_masters must be a list of host names, got %s'
                                 % type(running_masters).__name__)
    return remote_format_decision(journal, opt_in, journal_folder, list(running_masters))


def alluxio_hadoop_conf_files(hadoop_conf, conf_dir, secret_keys, secret_regex):
    """The Hadoop files to write (paths, files, secret_contents) for config_files."""
    if not isinstance(hadoop_conf, dict):
        raise AnsibleFilterError('alluxio_hadoop_conf_files: expected a dict of file name to content, got %s'
                                 % type(hadoop_conf).__name__)
    return hadoop_conf_files(hadoop_conf, conf_dir, secret_keys, secret_regex)


def alluxio_backup_uri_problem(uri):
    """Why a backup URI cannot be restored from, or None."""
    return backup_uri_problem(uri)


class FilterModule(object):
    def filters(self):
        return {
            'alluxio_storage_problems': alluxio_storage_problems,
            'alluxio_remote_format_decision': alluxio_remote_format_decision,
            'alluxio_hadoop_conf_files': alluxio_hadoop_conf_files,
            'alluxio_backup_uri_problem': alluxio_backup_uri_problem,
        }
