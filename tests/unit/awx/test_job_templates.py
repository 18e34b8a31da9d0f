"""playbooks/awx: the job template data and the awx.awx calls of configure.yml.

No AWX server exists here, so every awx.awx module call of configure.yml and
every job template's generated arguments are validated against the module's
real argument_spec (captured from the installed awx.awx collection)."""

import importlib
import re
from pathlib import Path

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.datalake.alluxio.plugins.module_utils import awx_survey

REPO = Path(__file__).resolve().parents[3]
DATA = yaml.safe_load((REPO / "playbooks/awx/job_templates.yml").read_text(encoding="utf-8"))
CONFIGURE = yaml.safe_load((REPO / "playbooks/awx/configure.yml").read_text(encoding="utf-8"))
ROLE_SPECS = {p.parts[-3]: yaml.safe_load(p.read_text(encoding="utf-8"))
              for p in REPO.glob("roles/*/meta/argument_specs.yml")}
REQUIRED_TEMPLATES = {
    "site.yml", "playbooks/failover_drill.yml", "playbooks/rolling_restart.yml", "playbooks/stop.yml",
    "playbooks/start.yml", "playbooks/zookeeper_rolling_restart.yml", "playbooks/backup.yml",
    "playbooks/restore.yml", "playbooks/upgrade.yml",
}


class _Captured(Exception):
    def __init__(self, spec):
        super().__init__("captured")
        self.spec = spec


def module_argument_spec(fqcn):
    """argument_spec of an awx.awx module, auth options included, without running it."""
    namespace, collection, name = fqcn.split(".")
    api = importlib.import_module("ansible_collections.%s.%s.plugins.module_utils.controller_api" % (namespace, collection))
    module = importlib.import_module("ansible_collections.%s.%s.plugins.modules.%s" % (namespace, collection, name))

    def capture(self, argument_spec=None, *args, **kwargs):
        full = dict(argument_spec or {})
        full.update(api.ControllerModule.AUTH_ARGSPEC)
        raise _Captured(full)

    original = api.ControllerAPIModule.__init__
    api.ControllerAPIModule.__init__ = capture
    try:
        module.main()
    except _Captured as captured:
        return captured.spec
    finally:
        api.ControllerAPIModule.__init__ = original
    raise AssertionError("%s did not build its module" % fqcn)


def _templated(value):
    return isinstance(value, str) and "{{" in value


def check_args(fqcn, args):
    """Errors of a task's arguments: unknown names, missing required, literal values of the wrong type."""
    spec = module_argument_spec(fqcn)
    names = {}
    for name, option in spec.items():
        names[name] = name
        for alias in option.get("aliases", []):
            names[alias] = name
    errors = ["%s: unknown argument %s" % (fqcn, k) for k in args if k not in names]
    given = {names[k] for k in args if k in names}
    errors += ["%s: missing required %s" % (fqcn, k) for k, o in spec.items() if o.get("required") and k not in given]
    literal = {k: v for k, v in args.items() if k in names and not _templated(v)}
    reduced = {names[k]: {kk: vv for kk, vv in spec[names[k]].items() if kk != "required"} for k in literal}
    result = ArgumentSpecValidator(reduced).validate({names[k]: v for k, v in literal.items()})
    errors += ["%s: %s" % (fqcn, e) for e in result.errors]
    return errors


def _awx_tasks():
    for play in CONFIGURE:
        for task in play.get("tasks", []):
            for key, value in task.items():
                if key.startswith("awx.awx."):
                    yield task["name"], key, value


AWX_TASKS = list(_awx_tasks())


def test_configure_uses_awx_modules():
    modules = {task[1] for task in AWX_TASKS}
    assert {"awx.awx.project", "awx.awx.inventory", "awx.awx.inventory_source", "awx.awx.credential",
            "awx.awx.job_template", "awx.awx.workflow_job_template", "awx.awx.execution_environment"} <= modules


@pytest.mark.parametrize("name,fqcn,args", AWX_TASKS, ids=[t[0] for t in AWX_TASKS])
def test_configure_task_arguments(name, fqcn, args):
    assert check_args(fqcn, args) == []


def test_machine_credential_is_no_log_with_become():
    task = next(t for play in CONFIGURE for t in play["tasks"] if "awx.awx.credential" in t)
    assert task.get("no_log") is True
    assert task["awx.awx.credential"]["credential_type"] == "Machine"
    assert {"username", "ssh_key_data", "become_method"} <= set(task["awx.awx.credential"]["inputs"])


def test_every_template_is_listed_once():
    templates = DATA["job_templates"]
    names = [t["name"] for t in templates]
    assert len(names) == len(set(names))
    assert REQUIRED_TEMPLATES <= {t["playbook"] for t in templates}
    for template in templates:
        assert template.get("description")
        assert isinstance(template.get("become"), bool)
        assert "credentials" in template and "limit" in template
        if not template.get("added_when_playbook_exists"):
            assert (REPO / template["playbook"]).is_file(), template["playbook"]


@pytest.mark.parametrize("template", DATA["job_templates"], ids=[t["name"] for t in DATA["job_templates"]])
def test_job_template_arguments(template):
    params = awx_survey.template_params(template, ROLE_SPECS, "datalake.alluxio", "alluxio",
                                        credentials=["alluxio-machine"], organization="Default")
    assert params["ask_variables_on_launch"] is False
    assert params["survey_enabled"] is bool(params["survey_spec"])
    assert check_args("awx.awx.job_template", params) == []
    if params["survey_enabled"]:
        assert params["survey_spec"]["name"] and "description" in params["survey_spec"]
        answers = awx_survey.survey_extra_vars(params["survey_spec"])
        # A question with no sensible default (the backup to restore) must be answered.
        for question in params["survey_spec"]["spec"]:
            if question.get("required") and question["variable"] not in answers:
                answers[question["variable"]] = (question["choices"][0] if question.get("choices") else
                                                 {"integer": 1, "float": 1.0}.get(question["type"], "answer"))
        assert awx_survey.validate_answers(params["survey_spec"], answers) == []


@pytest.mark.parametrize("template", DATA["job_templates"], ids=[t["name"] for t in DATA["job_templates"]])
def test_launch_without_answers_as_the_api_and_schedules_do(template):
    """A launch that sends no variables passes AWX's survey check unless a question has no default."""
    survey = awx_survey.template_survey(template, ROLE_SPECS)
    errors = awx_survey.validate_answers(survey, {})
    unanswerable = [q["variable"] for q in survey["spec"] if q.get("default") in (None, "") and q.get("required")]
    assert len(errors) == len(unanswerable), errors
    for question in survey["spec"]:
        assert not (question.get("required") and question.get("default") not in (None, "")), question["variable"]
        if question["type"] in ("integer", "float"):
            assert question.get("min") is not None and question.get("max") is not None, question["variable"]


def test_no_question_chooses_code_to_run():
    """Tarball sources and checksums stay in the inventory; versions are choices."""
    for template in DATA["job_templates"]:
        survey = awx_survey.template_survey(template, ROLE_SPECS)
        for question in survey["spec"]:
            assert not re.search(r"(url|src|checksum|archive)$", question["variable"]), (template["name"], question)
            if question["variable"].endswith("_version"):
                assert question["type"] == "multiplechoice", (template["name"], question)


def test_workflow_nodes():
    names = [t["name"] for t in DATA["job_templates"]]
    for workflow in DATA["workflow_job_templates"]:
        nodes = awx_survey.workflow_nodes(workflow, names, organization="Default")
        assert [n["identifier"] for n in nodes] == workflow["nodes"]
        for node, following in zip(nodes, nodes[1:] + [None]):
            expected = [{"identifier": following["identifier"]}] if following else []
            assert node["related"]["success_nodes"] == expected
        assert check_args("awx.awx.workflow_job_template", {
            "name": workflow["name"], "workflow_nodes": nodes, "ask_variables_on_launch": False}) == []
    backup_upgrade_drill = DATA["workflow_job_templates"][0]["nodes"]
    assert backup_upgrade_drill == ["alluxio-backup", "alluxio-upgrade", "alluxio-failover-drill"]
    assert awx_survey.workflow_nodes(DATA["workflow_job_templates"][0], ["alluxio-backup"]) is None


def test_templates_wait_for_their_playbooks():
    enabled = awx_survey.enabled_templates(DATA["job_templates"], ["site.yml"])
    assert "alluxio-deploy" in [t["name"] for t in enabled]
    assert "alluxio-backup" not in [t["name"] for t in enabled]
    enabled = awx_survey.enabled_templates(DATA["job_templates"], ["playbooks/backup.yml"])
    assert "alluxio-backup" in [t["name"] for t in enabled]


def test_argument_check_catches_mistakes():
    assert check_args("awx.awx.job_template", {"name": "x", "no_such_option": 1})
    assert check_args("awx.awx.job_template", {"name": "x", "verbosity": 9})
    assert check_args("awx.awx.job_template", {"playbook": "x.yml"})
