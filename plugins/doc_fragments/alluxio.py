# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Options shared by the modules that drive an Alluxio distribution through
    # plugins/module_utils/alluxio.py.
    DOCUMENTATION = r'''
options:
  alluxio_home:
    description:
      - Directory the Alluxio release tarball was unpacked into, holding C(bin/alluxio),
        C(libexec/) and C(conf/).
      - C(${alluxio.home}) in the configuration expands to this path.
    type: path
    default: /opt/alluxio
  conf_dir:
    description:
      - Configuration directory holding C(alluxio-site.properties) and C(alluxio-env.sh).
      - Defaults to C(<alluxio_home>/conf). When set, it is also passed to the scripts as
        E(ALLUXIO_CONF_DIR) (Alluxio 1.8 and later honour it).
    type: path
notes:
  - Configuration is read the way the Alluxio JVM sees it. C(-D) options in C(ALLUXIO_JAVA_OPTS)
    and the per-process C(ALLUXIO_<PROCESS>_JAVA_OPTS) of C(alluxio-env.sh) win over
    C(alluxio-site.properties), which wins over the built-in defaults of the installed version.
    Values assigned in C(alluxio-env.sh) from commands or from variables set elsewhere are not
    evaluated.
  - Run the module as the user that owns the Alluxio processes and directories (for example with
    C(become_user)); the distribution's scripts act as the calling user.
'''
