# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Reading Alluxio configuration the way the JVM and the launch scripts do.

* ``parse_properties`` follows ``java.util.Properties.load``: ``#``/``!``
  comments, ``=``/``:``/whitespace separators, backslash continuation lines
  and escapes (including ``\\uXXXX``).
* ``resolve`` expands ``${key}`` references as Alluxio's configuration does.
* ``parse_env_file`` reads the plain assignments of ``conf/alluxio-env.sh``
  and ``java_opts_defines`` pulls the ``-Dkey=value`` options out of them,
  which take precedence over ``alluxio-site.properties``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import shlex

_ESCAPES = {'t': '\t', 'n': '\n', 'r': '\r', 'f': '\f'}
_REF = re.compile(r'\$\{([^}]+)\}')
_ASSIGN = re.compile(r'^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)(\+?=)(.*)$')
_SHELL_REF = re.compile(r'\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)')


def _logical_lines(text):
    """Yield logical lines: comments dropped, continuation lines joined."""
    pending = None
    for raw in text.splitlines():
        line = raw.lstrip(' \t\f')
        if pending is None:
            if not line or line[0] in '#!':
                continue
            current = line
        else:
            current = pending + line
        trailing = len(current) - len(current.rstrip('\\'))
        if trailing % 2 == 1:
            pending = current[:-1]
            continue
        pending = None
        yield current
    if pending is not None:
        yield pending


def _unescape(text):
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != '\\' or i + 1 >= len(text):
            out.append(char)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == 'u' and re.match(r'[0-9a-fA-F]{4}$', text[i + 2:i + 6]):
            out.append(chr(int(text[i + 2:i + 6], 16)))
            i += 6
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return ''.join(out)


def _split_key_value(line):
    i = 0
    while i < len(line) and line[i] not in '=: \t\f':
        i += 2 if line[i] == '\\' else 1
    key = line[:i]
    rest = line[i:]
    if rest[:1] in ('=', ':'):
        rest = rest[1:]
    else:
        # A whitespace separator may still be followed by one '=' or ':'.
        rest = rest.lstrip(' \t\f')
        if rest[:1] in ('=', ':'):
            rest = rest[1:]
    return _unescape(key), _unescape(rest.lstrip(' \t\f'))


def parse_properties(text):
    """Parse Java properties text into a dict (later keys win)."""
    result = {}
    for line in _logical_lines(text):
        key, value = _split_key_value(line)
        if key:
            result[key] = value
    return result


def resolve(value, lookup, _seen=None):
    """Expand ``${key}`` references in ``value`` with ``lookup(key)``.

    ``lookup`` returns the raw (unexpanded) value or None. Unknown references
    are left as they are; a reference cycle raises ValueError.
    """
    if value is None:
        return None
    seen = _seen or ()

    def _expand(match):
        key = match.group(1)
        if key in seen:
            raise ValueError('Property reference cycle: %s' % ' -> '.join(seen + (key,)))
        raw = lookup(key)
        if raw is None:
            return match.group(0)
        return resolve(raw, lookup, seen + (key,))

    return _REF.sub(_expand, value)


def _shell_words(value):
    try:
        words = shlex.split(value, comments=True)
    except ValueError:
        words = value.split()
    return words


def _expand_shell(value, variables):
    def _sub(match):
        name = match.group(1) or match.group(3)
        default = match.group(2)
        current = variables.get(name)
        if current:
            return current
        return default if default is not None else ''
    return _SHELL_REF.sub(_sub, value)


def parse_env_file(text, initial=None):
    """Read the simple ``NAME=value`` / ``export NAME+=value`` lines of a
    shell file such as ``alluxio-env.sh``.

    Only static assignments are understood (quotes, ``$VAR``, ``${VAR}`` and
    ``${VAR:-default}``); anything computed at run time is ignored. Returns a
    dict of the variables assigned in the file.
    """
    variables = dict(initial or {})
    assigned = {}
    for raw in text.splitlines():
        match = _ASSIGN.match(raw)
        if not match:
            continue
        name, operator, rhs = match.groups()
        words = _shell_words(rhs)
        value = _expand_shell(words[0] if words else '', variables)
        if operator == '+=':
            value = variables.get(name, '') + value
        variables[name] = value
        assigned[name] = value
    return assigned


def java_opts_defines(env, names=('ALLUXIO_JAVA_OPTS',)):
    """Return the ``-Dkey=value`` pairs found in the given env variables.

    Variables later in ``names`` win, as they come later on the java command
    line (the scripts append ``ALLUXIO_JAVA_OPTS`` before the role options).
    """
    defines = {}
    for name in names:
        for word in _shell_words(env.get(name, '') or ''):
            if word.startswith('-D') and len(word) > 2:
                key, _sep, value = word[2:].partition('=')
                defines[key] = value
    return defines
