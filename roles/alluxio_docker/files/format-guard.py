# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Format the master journal of this container once (datalake.alluxio image).

The decision is the alluxio_format module's: alluxio_journal.journal_state on
the journal folder and type that alluxio-site.properties names (read with
alluxio_properties, the collection's module_utils shipped beside this file).
An existing journal is never formatted unless FORCE=1. Prints one JSON line:
{"changed": bool, "reason": str, "journal_folder": str, "journal_type": str}.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, '/opt/alluxio-docker/lib')

import alluxio_journal  # noqa: E402  (shipped module_utils)
import alluxio_properties  # noqa: E402

HOME = os.environ.get('ALLUXIO_HOME', '/opt/alluxio')
SITE = os.environ.get('ALLUXIO_SITE_PROPERTIES', '/etc/alluxio/alluxio-site.properties')


def main():
    with open(SITE) as handle:
        props = alluxio_properties.parse_properties(handle.read())
    defaults = {'alluxio.home': HOME, 'alluxio.work.dir': '${alluxio.home}',
                'alluxio.master.journal.folder': '${alluxio.work.dir}/journal',
                'alluxio.master.journal.type': 'EMBEDDED'}

    def lookup(key):
        return props.get(key, defaults.get(key))

    folder = alluxio_properties.resolve(lookup('alluxio.master.journal.folder'), lookup)
    journal_type = alluxio_properties.resolve(lookup('alluxio.master.journal.type'), lookup).upper()
    result = {'changed': False, 'journal_folder': folder, 'journal_type': journal_type}
    local = alluxio_journal.local_path(folder)
    force = os.environ.get('FORCE', '') == '1'
    if local is None:
        result['reason'] = 'journal %s is not local; format it once by hand (FORCE=1)' % folder
        if not force:
            print(json.dumps(result))
            return 2
        formatted, evidence = None, 'remote journal, FORCE=1'
    else:
        try:
            formatted, evidence = alluxio_journal.journal_state(local, journal_type)
        except alluxio_journal.JournalReadError as exc:
            # Fails closed: an unreadable journal is never taken for an absent one.
            result['reason'] = 'refusing to format: %s' % exc
            print(json.dumps(result))
            return 2
    if formatted and not force:
        result['reason'] = evidence + '; nothing to do'
        print(json.dumps(result))
        return 0
    proc = subprocess.run([os.path.join(HOME, 'bin', 'alluxio'), 'formatJournal'],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    sys.stderr.write(proc.stdout)
    if local is not None:
        now, now_evidence = alluxio_journal.journal_state(local, journal_type)
    else:
        now, now_evidence = proc.returncode == 0, 'exit status %d' % proc.returncode
    result.update(changed=True, rc=proc.returncode,
                  reason='formatted (%s); before: %s' % (now_evidence, evidence))
    print(json.dumps(result))
    return 0 if proc.returncode == 0 and now else 1


if __name__ == '__main__':
    sys.exit(main())
