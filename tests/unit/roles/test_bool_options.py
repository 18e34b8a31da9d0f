# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Every bool option of every role entry point behaves as a bool when it
arrives as AWX sends it: a survey answer "true"/"false" (or "yes"/"no" from
``-e name=no``) is a string, and a non-empty string is true in a condition.

Each role turns its bool options into booleans once, in its
``vars/main.yml`` (``__<option>``); its tasks,
handlers and templates read only those. Role argument validation accepts the
strings but does not replace the variable, and extra vars beat every other
precedence, so the copy is the one place that can do it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.datalake.alluxio.plugins.module_utils import awx_survey

try:  # ansible-core 2.19 templates only trusted strings
    from ansible.template import trust_as_template
except ImportError:  # pragma: no cover - older ansible-core
    def trust_as_template(value):
        return value

REPO = Path(__file__).resolve().parents[3]
ROLES = sorted(p.parent.parent for p in REPO.glob("roles/*/meta/argument_specs.yml"))
# Where the roles read variables; argument specs, defaults and READMEs only name them.
READ_DIRS = ("tasks", "handlers", "templates", "vars")


def _specs(role):
    with open(role / "meta" / "argument_specs.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["argument_specs"]


def _role_vars(role):
    path = role / "vars" / "main.yml"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


BOOL_OPTIONS = sorted({
    (role.name, entry_point, name)
    for role in ROLES
    for entry_point, entry in _specs(role).items()
    for name, option in (entry.get("options") or {}).items()
    if (option or {}).get("type") == "bool"
})
NAMES = sorted({option[2] for option in BOOL_OPTIONS})


def _normalised(role_name, name):
    """(role, private name, expression) of the option's boolean copy."""
    for role in [REPO / "roles" / role_name, REPO / "roles" / "alluxio_common"]:
        role_vars = _role_vars(role)
        for private in ("__" + name,):
            if private in role_vars:
                return role.name, private, role_vars[private]
    return None


def test_there_are_bool_options():
    assert len(NAMES) >= 13


@pytest.mark.parametrize("role,entry_point,name", BOOL_OPTIONS, ids=["%s:%s:%s" % o for o in BOOL_OPTIONS])
def test_survey_answers_become_booleans(role, entry_point, name):
    found = _normalised(role, name)
    assert found, "%s: bool option %s has no boolean copy in the role's vars/main.yml" % (role, name)
    private, expression = found[1], found[2]
    assert re.fullmatch(r"\{\{\s*%s\s*\|\s*bool\s*\}\}" % re.escape(name), expression.strip()), (private, expression)

    option = _specs(REPO / "roles" / role)[entry_point]["options"][name]
    question = awx_survey.option_to_question(name, option)
    assert question["type"] == "multiplechoice" and question["choices"] == ["true", "false"]
    survey = {"spec": [question]}
    # The survey path as AWX takes it, then the -e path's other spellings.
    for answer, expected in (("true", True), ("false", False), ("yes", True), ("no", False), ("True", True)):
        if answer in question["choices"]:
            assert awx_survey.validate_answers(survey, {name: answer}) == []
        extra_vars = awx_survey.survey_extra_vars(survey, {name: answer}) if answer in question["choices"] else {name: answer}
        assert extra_vars[name] == answer, "AWX sends the string"
        value = Templar(loader=DataLoader(), variables=extra_vars).template(trust_as_template(expression))
        assert value is expected, (name, answer, value)


def _uses(text, name):
    """Lines of ``text`` that read ``name`` (not in comments, messages, tags or file names)."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        code = re.sub(r"'[^']*'", "''", line.split(" #")[0])
        if code.lstrip().startswith("#") or re.match(r"\s*tags:", code):
            continue
        # "name: value" is a key or a message's advice, "name.py" a file
        if re.search(r"\b%s\b(?![.\w:])" % re.escape(name), code):
            found.append("%d: %s" % (number, line.strip()))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_roles_read_only_the_boolean_copy(name):
    offenders = []
    for role in ROLES:
        for directory in READ_DIRS:
            for path in sorted((role / directory).rglob("*")) if (role / directory).is_dir() else []:
                if not path.is_file():
                    continue
                for use in _uses(path.read_text(encoding="utf-8"), name):
                    if directory == "vars" and re.search(r"^\d+: _{1,2}%s:" % re.escape(name), use):
                        continue
                    offenders.append("%s: %s" % (path.relative_to(REPO), use))
    assert not offenders, "read the boolean copy instead:\n" + "\n".join(offenders)


@pytest.mark.parametrize("name", NAMES)
def test_playbooks_read_bool_options_through_bool(name):
    """Playbooks that load no role cannot see its copy; they pipe the option through bool."""
    offenders = []
    for path in [REPO / "site.yml"] + sorted((REPO / "playbooks").glob("*.yml")):
        for use in _uses(path.read_text(encoding="utf-8"), name):
            if not re.search(r"\b%s\b\s*(\|\s*default\([^)]*\)\s*)?\|\s*bool" % re.escape(name), use):
                offenders.append("%s: %s" % (path.relative_to(REPO), use))
    assert not offenders, "\n".join(offenders)
