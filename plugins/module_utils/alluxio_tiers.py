# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""The worker's tiered storage: levels, their properties and their problems.

``alluxio_worker_tiers`` lists the levels from the fastest down, each with an
alias (MEM, SSD, HDD), one or more directories, a quota per directory, and
optionally the medium type of each directory and the level's high and low
watermarks. Without it the worker has one MEM level, the runbooks'
``alluxio_worker_mem_path`` and ``alluxio_worker_ramdisk_size``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.datalake.alluxio.plugins.module_utils.site_preflight import size_bytes

# alluxio.master.tieredstore.global.levels (3) and their order in 2.x.
GLOBAL_ORDER = ('MEM', 'SSD', 'HDD')
# With more than one level, a 2.x worker reserves this much of every tier
# directory for moving blocks between levels (2.9 default).
RESERVED_KEY = 'alluxio.worker.management.tier.align.reserved.bytes'
RESERVED_DEFAULT = '1GB'


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def effective_tiers(tiers, mem_path, ramdisk_size):
    """The levels, normalised: alias, paths, quotas, mediums, watermarks (None when unset)."""
    if not tiers:
        tiers = [{'alias': 'MEM', 'paths': [mem_path], 'quotas': [ramdisk_size]}]
    levels = []
    for tier in tiers:
        alias = str(tier.get('alias', '')).upper()
        paths = _as_list(tier.get('paths', tier.get('path')))
        quotas = _as_list(tier.get('quotas', tier.get('quota')))
        mediums = _as_list(tier.get('mediums', tier.get('medium'))) or [alias] * len(paths)
        levels.append({'alias': alias, 'paths': [p.rstrip('/') or '/' for p in paths], 'quotas': quotas,
                       'mediums': [m.upper() for m in mediums],
                       'high_watermark': tier.get('high_watermark'), 'low_watermark': tier.get('low_watermark')})
    return levels


def tier_properties(levels):
    """The ``alluxio.worker.tieredstore.*`` properties of the levels."""
    props = {'alluxio.worker.tieredstore.levels': str(len(levels))}
    for index, level in enumerate(levels):
        key = 'alluxio.worker.tieredstore.level%d.' % index
        props[key + 'alias'] = level['alias']
        props[key + 'dirs.path'] = ','.join(level['paths'])
        props[key + 'dirs.quota'] = ','.join(level['quotas'])
        # Alluxio takes the alias as each directory's medium by default.
        if any(medium != level['alias'] for medium in level['mediums']):
            props[key + 'dirs.mediumtype'] = ','.join(level['mediums'])
        if level['high_watermark'] is not None:
            props[key + 'watermark.high.ratio'] = str(level['high_watermark'])
        if level['low_watermark'] is not None:
            props[key + 'watermark.low.ratio'] = str(level['low_watermark'])
    return props


def mem_mounts(levels):
    """``[{path, size}]`` of the MEM directories the role mounts a tmpfs on (not /dev/shm)."""
    mounts = []
    for level in levels:
        for path, quota, medium in zip(level['paths'], level['quotas'], level['mediums']):
            if medium == 'MEM' and path != '/dev/shm':
                mounts.append({'path': path, 'size': quota})
    return mounts


def _inside(path, root):
    return path == root or path.startswith(root.rstrip('/') + '/')


def tier_problems(levels, reserved=RESERVED_DEFAULT):
    """What Alluxio would refuse in the levels (sizes against the host are the site check's).

    ``reserved`` is what the worker keeps free in every directory when there
    is more than one level (RESERVED_KEY); a quota not above it leaves no room.
    """
    problems = []
    aliases = [level['alias'] for level in levels]
    unknown = [a for a in aliases if a not in GLOBAL_ORDER]
    if not levels:
        problems.append('alluxio_worker_tiers is empty: list at least one level, or remove it for the MEM tier of '
                        'alluxio_worker_mem_path.')
    if unknown:
        problems.append('alluxio_worker_tiers has the alias(es) %s: use MEM, SSD or HDD (Alluxio\'s global tier '
                        'levels).' % ', '.join(repr(a) for a in unknown))
    if len(set(aliases)) != len(aliases):
        problems.append('alluxio_worker_tiers lists an alias twice (%s): give each level one alias and several '
                        'paths instead.' % ', '.join(aliases))
    known = [a for a in aliases if a in GLOBAL_ORDER]
    if not unknown and known != sorted(known, key=GLOBAL_ORDER.index):
        problems.append('alluxio_worker_tiers is ordered %s, but levels go from the fastest down (%s): reorder '
                        'them.' % (', '.join(aliases), ', '.join(a for a in GLOBAL_ORDER if a in aliases)))
    all_paths = []
    for level in levels:
        name = 'alluxio_worker_tiers level %s' % level['alias']
        if not level['paths']:
            problems.append('%s has no paths: give its directories.' % name)
        if len(level['quotas']) != len(level['paths']):
            problems.append('%s has %d path(s) but %d quota(s): give one quota per path.'
                            % (name, len(level['paths']), len(level['quotas'])))
        if len(level['mediums']) != len(level['paths']):
            problems.append('%s has %d path(s) but %d medium type(s): give one per path, or none.'
                            % (name, len(level['paths']), len(level['mediums'])))
        for quota in level['quotas']:
            if size_bytes(quota) is None:
                problems.append('%s has the quota "%s", which Alluxio cannot parse: write a number and a unit with '
                                'no space, such as 64MB or 100GB.' % (name, quota))
            elif len(levels) > 1 and size_bytes(reserved) is not None and size_bytes(quota) <= size_bytes(reserved):
                problems.append('%s has the quota %s, not above the %s a worker with several levels keeps free in '
                                'every tier directory (%s): raise the quota, or lower that property through '
                                'alluxio_config_properties.' % (name, quota, reserved, RESERVED_KEY))
        for path in level['paths']:
            if not path.startswith('/'):
                problems.append('%s has the relative path "%s": give an absolute path.' % (name, path))
        high, low = level['high_watermark'], level['low_watermark']
        for label, value in (('high_watermark', high), ('low_watermark', low)):
            if value is not None and not 0 < float(value) <= 1:
                problems.append('%s has %s %s: give a ratio above 0 and at most 1.' % (name, label, value))
        if high is not None and low is not None and float(low) >= float(high):
            problems.append('%s has low_watermark %s not below high_watermark %s: Alluxio refuses it.'
                            % (name, low, high))
        all_paths.extend(level['paths'])
    for i, first in enumerate(all_paths):
        for second in all_paths[i + 1:]:
            if _inside(first, second) or _inside(second, first):
                problems.append('alluxio_worker_tiers uses %s and %s, one inside the other: each tier directory '
                                'needs its own space.' % (first, second))
    return problems


def capacity_problems(name, levels, mem_total_mb, filesystems):
    """Quotas above the host: MEM quotas above its memory, a directory's quota above its file system.

    ``filesystems`` maps mount points to their size in bytes (``df``).
    """
    problems = []
    mem = sum(size_bytes(q) or 0 for level in levels
              for q, medium in zip(level['quotas'], level['mediums']) if medium == 'MEM')
    if mem_total_mb and mem > int(mem_total_mb) * (1 << 20):
        problems.append('%s: the MEM tier quotas add up to %d MB but the host has %d MB of memory: lower them '
                        '(alluxio_worker_tiers, alluxio_worker_ramdisk_size); it is memory the worker pins.'
                        % (name, mem >> 20, int(mem_total_mb)))
    for level in levels:
        for path, quota, medium in zip(level['paths'], level['quotas'], level['mediums']):
            wanted = size_bytes(quota)
            if medium == 'MEM' or wanted is None or not filesystems:
                continue
            mount = max((m for m in filesystems if _inside(path, m)), key=len, default=None)
            if mount is not None and wanted > int(filesystems[mount]):
                problems.append('%s: alluxio_worker_tiers gives %s a quota of %s but its file system (%s) holds '
                                '%d MB: lower the quota or mount a larger disk there.'
                                % (name, path, quota, mount, int(filesystems[mount]) >> 20))
    return problems


def site_tier_problems(site):
    """The tier problems of every worker: ``{host: {levels, mem_total_mb, filesystems}}``.

    A problem of the levels' shape that every worker shares is reported once.
    """
    problems = []
    for name, node in sorted((site or {}).items()):
        if not node.get('levels'):
            continue
        for problem in tier_problems(node['levels'], node.get('reserved') or RESERVED_DEFAULT):
            if problem not in problems:
                problems.append(problem)
        problems.extend(capacity_problems(name, node['levels'], node.get('mem_total_mb'),
                                          node.get('filesystems') or {}))
    return problems


def parse_df(text):
    """``{mount point: size in bytes}`` from ``df -B1 --output=target,size``."""
    found = {}
    for line in (text or '').splitlines()[1:]:
        parts = line.rsplit(None, 1)
        if len(parts) == 2 and parts[1].isdigit():
            found[parts[0]] = int(parts[1])
    return found
