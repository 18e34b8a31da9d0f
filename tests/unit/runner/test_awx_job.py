"""The pure parts of tests/runner/awx_job.py: the private data directory as
AWX lays it out, the inventory rewrite, survey answers, the summary."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "tests" / "runner"))

import awx_job  # noqa: E402

from ansible_collections.datalake.alluxio.plugins.module_utils import awx_survey  # noqa: E402

TEMPLATE = {"name": "t", "playbook": "site.yml", "become": True, "limit": "alluxio", "verbosity": 2, "timeout": 60}


def test_private_data_dir_layout(tmp_path):
    key = tmp_path / "key"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----")
    pdd = tmp_path / "pdd"
    kwargs = awx_job.build_private_data_dir(pdd, TEMPLATE, {"all": {"hosts": ["h"]}}, {"a": 1}, key, 42)
    assert kwargs == {"private_data_dir": str(pdd), "ident": "42", "playbook": "site.yml",
                      "inventory": str(pdd / "inventory" / "hosts")}
    assert (pdd / "project").resolve() == REPO
    assert stat.S_IMODE(os.stat(pdd).st_mode) == 0o700
    extravars = yaml.safe_load((pdd / "env" / "extravars").read_text())
    assert extravars["a"] == 1 and extravars["awx_job_id"] == 42 and extravars["awx_job_template_name"] == "t"
    assert (pdd / "env" / "ssh_key").read_text().endswith("KEY-----\n")
    assert stat.S_IMODE(os.stat(pdd / "env" / "ssh_key").st_mode) == 0o600
    envvars = yaml.safe_load((pdd / "env" / "envvars").read_text())
    assert envvars["ANSIBLE_HOST_KEY_CHECKING"] == "False"
    assert envvars["ANSIBLE_PARAMIKO_RECORD_HOST_KEYS"] == "False"
    assert envvars["ANSIBLE_INVENTORY_UNPARSED_FAILED"] == "True"
    assert envvars["JOB_ID"] == "42" and envvars["AWX_PRIVATE_DATA_DIR"] == str(pdd)
    assert str(pdd / "project" / "collections") in envvars["ANSIBLE_COLLECTIONS_PATH"].split(":")
    settings = json.loads((pdd / "env" / "settings").read_text())
    assert settings["job_timeout"] == 60 and settings["suppress_ansible_output"] is True
    assert (pdd / "env" / "cmdline").read_text() == "-u ops --become -l alluxio -vv"
    # inventory/hosts is an executable script printing the JSON, like AWX's
    out = subprocess.run([str(pdd / "inventory" / "hosts")], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == {"all": {"hosts": ["h"]}}


def test_cmdline_args():
    assert awx_job.cmdline_args({"become": False}) == ["-u", "ops"]
    assert awx_job.cmdline_args({"become": True, "limit": ""}, limit="zk1", verbosity=9) == [
        "-u", "ops", "--become", "-l", "zk1", "-vvvvv"]


MOLECULE_LIKE = {
    "_meta": {"hostvars": {
        "m1": {"ansible_connection": "community.docker.docker", "ansible_docker_extra_args": "", "zookeeper_id": 1},
        "m2": {"ansible_host": "old", "ansible_user": "debian"},
    }},
    "all": {"children": ["ungrouped", "zookeeper"], "vars": {"ansible_connection": "local", "x": 1}},
    "zookeeper": {"hosts": ["m1", "m2"], "vars": {"zookeeper_heap": "128m"}},
    "alluxio": {"hosts": ["m3"]},
}


def test_inventory_rewrite():
    rewritten = awx_job.rewrite_inventory(MOLECULE_LIKE, {"m1": "10.0.0.1", "m2": "10.0.0.2", "m3": "10.0.0.3"})
    hv = rewritten["_meta"]["hostvars"]
    assert hv["m1"] == {"ansible_connection": "ssh", "ansible_host": "10.0.0.1", "zookeeper_id": 1}
    # the inventory's own login account stays: in AWX it beats the credential's username
    assert hv["m2"] == {"ansible_connection": "ssh", "ansible_host": "10.0.0.2", "ansible_user": "debian"}
    assert awx_job.inventory_users(rewritten) == ["debian"]
    assert hv["m3"]["ansible_host"] == "10.0.0.3"
    assert rewritten["all"]["vars"] == {"x": 1}
    assert rewritten["zookeeper"]["vars"] == {"zookeeper_heap": "128m"}
    assert MOLECULE_LIKE["_meta"]["hostvars"]["m1"]["ansible_connection"] == "community.docker.docker"
    with pytest.raises(awx_job.UsageError, match="m3"):
        awx_job.rewrite_inventory(MOLECULE_LIKE, {"m1": "a", "m2": "b"})
    assert awx_job.inventory_users({"all": {"vars": {"ansible_user": "ops"}}, "_meta": {"hostvars": {}}}) == ["ops"]


def test_read_inventory_with_molecule_hosts_file(tmp_path):
    inv = tmp_path / "inventory"
    (inv / "group_vars").mkdir(parents=True)
    (inv / "ansible_inventory.yml").write_text(yaml.safe_dump({"all": {"hosts": {"w1": {"ansible_connection": "community.docker.docker"}}},
                                                               "alluxio_workers": {"hosts": {"w1": None}}}))
    (inv / "hosts").write_text(yaml.safe_dump({"all": {"children": {"alluxio": {"children": {"alluxio_workers": {}}}}}}))
    (inv / "group_vars" / "all").write_text("alluxio_user: alluxio\n")
    data = awx_job.read_inventory([str(inv / "ansible_inventory.yml")])
    assert "w1" in data["alluxio_workers"]["hosts"]
    assert "alluxio_workers" in data["alluxio"]["children"]
    assert data["all"]["vars"]["alluxio_user"] == "alluxio"
    with pytest.raises(awx_job.UsageError):
        awx_job.read_inventory([str(tmp_path / "missing.yml")])


def test_survey_answers_checked_before_launch():
    data = awx_job.load_templates()
    template = awx_job.find_template(data, "alluxio-failover-drill")
    survey = awx_survey.template_survey(template, awx_job.role_specs())
    answers = awx_job.parse_answers(["failover_drill_timeout=240", "failover_drill_write_type=THROUGH"], survey)
    assert answers == {"failover_drill_timeout": 240, "failover_drill_write_type": "THROUGH"}
    assert awx_survey.validate_answers(survey, answers) == []
    extravars = awx_survey.survey_extra_vars(survey, answers)
    assert extravars["failover_drill_timeout"] == 240 and extravars["failover_drill_marker_root"] == "/failover-drill"
    bad = awx_job.parse_answers(["failover_drill_timeout=soon", "failover_drill_write_type=FAST"], survey)
    errors = awx_survey.validate_answers(survey, bad)
    assert len(errors) == 2
    with pytest.raises(awx_job.UsageError):
        awx_job.parse_answers(["novalue"], survey)
    with pytest.raises(awx_job.UsageError):
        awx_job.find_template(data, "nope")


def test_cli_refuses_a_bad_answer_before_anything_runs(tmp_path, capsys):
    code = awx_job.main(["--template", "alluxio-failover-drill", "--inventory", str(REPO / "inventories/prod"),
                         "--hosts-json", str(tmp_path / "none.json"), "--ssh-key", str(tmp_path / "none"),
                         "--answer", "failover_drill_timeout=soon"])
    assert code == 2
    assert "survey answers rejected (job not launched)" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def _event(name, **data):
    return {"event": name, "event_data": data}


EVENTS = [
    _event("playbook_on_start"),
    _event("runner_on_ok", host="a", task="t1"),
    _event("runner_on_failed", host="b", task="t2", res={"msg": "boom"}),
    _event("runner_on_failed", host="b", task="t3", res={"msg": "ignored"}, ignore_errors=True),
    _event("playbook_on_stats", ok={"a": 3, "b": 1}, changed={"a": 2}, failures={"b": 1}, dark={},
           skipped={"a": 1}, artifact_data={"leader_before": "m1", "failover_seconds": 12.5}),
]


def test_summary_from_events():
    summary = awx_job.summarize("failed", 2, EVENTS, TEMPLATE)
    assert summary["changed"] == 2
    assert summary["hosts"]["a"]["changed"] == 2 and summary["hosts"]["a"]["skipped"] == 1
    assert summary["hosts"]["b"]["failed"] == 1
    assert summary["failed_hosts"] == ["b"]
    assert summary["failed_tasks"] == [{"host": "b", "task": "t2", "msg": "boom"}]
    assert summary["artifacts"] == {"leader_before": "m1", "failover_seconds": 12.5}
    assert awx_job.verdict(summary)[0] == 1
    assert awx_job.verdict(summary, expect_failure=True) == (0, "ok")
    ok = awx_job.summarize("successful", 0, EVENTS[:2] + [_event("playbook_on_stats", ok={"a": 1}, changed={"a": 1})], TEMPLATE)
    assert awx_job.verdict(ok) == (0, "ok")
    assert awx_job.verdict(ok, expect_changed=1) == (0, "ok")
    assert awx_job.verdict(ok, expect_changed=0)[0] == 1
    assert awx_job.verdict(ok, expect_failure=True)[0] == 1


def test_the_harness_check_templates_build():
    data = awx_job.load_templates(str(REPO / "tests" / "runner" / "job_templates.yml"))
    for template in data["job_templates"]:
        assert awx_survey.template_survey(template, awx_job.role_specs())["spec"]
