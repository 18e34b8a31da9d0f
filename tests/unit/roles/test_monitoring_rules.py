# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The monitoring role's alert rules, rendered with the role's defaults, pass
``promtool check rules`` and the rule unit tests of tests/monitoring/rules_test.yml
(series that fire each alert and series that must not). promtool comes from
Debian's prometheus package, the one the role installs (tests/monitoring/promtool.sh).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
ROLE = REPO / "roles" / "monitoring"
TESTS = REPO / "tests" / "monitoring"


@pytest.fixture(scope="module")
def promtool():
    out = subprocess.run(["bash", str(TESTS / "promtool.sh")], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def _render(**overrides):
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
    role_vars = yaml.safe_load((ROLE / "vars" / "main.yml").read_text())
    context = dict(defaults, ansible_managed="rendered by a unit test", **overrides)
    context["__monitoring_alert_for"] = dict(role_vars["__monitoring_alert_for_defaults"],
                                             **context["monitoring_alert_for"])
    source = (ROLE / "templates" / "alluxio.rules.yml.j2").read_text()
    header, _newline, body = source.partition("\n")
    assert header.startswith("#jinja2:"), "the template must keep its delimiter header"
    env = jinja2.Environment(variable_start_string="[[", variable_end_string="]]",
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(body).render(context)


@pytest.fixture()
def rendered(tmp_path):
    (tmp_path / "alluxio.rules.yml").write_text(_render())
    shutil.copy(TESTS / "rules_test.yml", tmp_path / "rules_test.yml")
    return tmp_path


def test_rules_pass_promtool_check(promtool, rendered):
    out = subprocess.run([promtool, "check", "rules", str(rendered / "alluxio.rules.yml")],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_rule_unit_tests_pass(promtool, rendered):
    out = subprocess.run([promtool, "test", "rules", "rules_test.yml"], cwd=rendered, capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_alert_has_a_rule_test():
    rules = yaml.safe_load(_render())
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    tests = yaml.safe_load((TESTS / "rules_test.yml").read_text())["tests"]
    tested = {case["alertname"] for test in tests for case in test.get("alert_rule_test", [])
              if case.get("exp_alerts")}
    assert alerts - tested == set()


def test_alert_for_overrides_reach_the_rules():
    rules = yaml.safe_load(_render(monitoring_alert_for={"no_leader": "0s"}))
    by_name = {rule["alert"]: rule for group in rules["groups"] for rule in group["rules"]}
    assert by_name["AlluxioNoLeader"]["for"] == "0s"
    assert by_name["AlluxioWorkerDown"]["for"] == "2m"
