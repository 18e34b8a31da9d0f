"""Surveys from the roles' argument specs: every generated survey's default
answers are valid for the role (ansible's ArgumentSpecValidator), and wrong
types or choices are refused, by the survey check and by the role's spec."""

from pathlib import Path

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.datalake.alluxio.plugins.module_utils import awx_survey

REPO = Path(__file__).resolve().parents[3]
SPEC_FILES = sorted(REPO.glob("roles/*/meta/argument_specs.yml"))


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["argument_specs"]


# Entry points another role includes with computed input, never launched on
# their own (no job template can ask for their input).
INTERNAL_ENTRY_POINTS = {("alluxio_common", "problems")}
ENTRY_POINTS = [(p.parts[-3], ep) for p in SPEC_FILES for ep in _load(p) if (p.parts[-3], ep) not in INTERNAL_ENTRY_POINTS]


def _validator_spec(options):
    """The entry point's options as an argument_spec for ArgumentSpecValidator.

    Jinja defaults are dropped (the role templates them at run time) and
    required flags too: a survey answers a subset of the options.
    """
    spec = {}
    for name, option in options.items():
        entry = {k: v for k, v in option.items() if k in ("type", "choices", "elements", "no_log")}
        spec[name] = entry
    return spec


def _validate(role, entry_point, values):
    options = _load(REPO / "roles" / role / "meta" / "argument_specs.yml")[entry_point].get("options", {})
    result = ArgumentSpecValidator(_validator_spec(options)).validate(values)
    return [str(e) for e in result.errors]


@pytest.mark.parametrize("role,entry_point", ENTRY_POINTS, ids=["%s:%s" % e for e in ENTRY_POINTS])
def test_survey_defaults_validate_against_the_role(role, entry_point):
    specs = _load(REPO / "roles" / role / "meta" / "argument_specs.yml")
    survey = awx_survey.argument_spec_to_survey(specs, entry_point)
    options = specs[entry_point].get("options", {})
    for question in survey["spec"]:
        assert question["variable"] in options
        assert question["type"] in awx_survey.QUESTION_TYPES
        assert options[question["variable"]].get("type", "str") not in ("list", "dict")
        assert question["variable"] not in awx_survey.PER_HOST_VARIABLES
    answers = awx_survey.survey_extra_vars(survey)
    assert awx_survey.validate_answers(survey, answers) == []
    # As AWX sends them: bool answers are the strings "true"/"false".
    assert _validate(role, entry_point, answers) == []
    # every plain default of a scalar option is a survey default
    for name, option in options.items():
        default = option.get("default")
        if (name in [q["variable"] for q in survey["spec"]] and default is not None
                and not (isinstance(default, str) and "{{" in default)):
            assert name in answers, name


@pytest.mark.parametrize("role,entry_point", ENTRY_POINTS, ids=["%s:%s" % e for e in ENTRY_POINTS])
def test_wrong_types_and_choices_fail(role, entry_point):
    specs = _load(REPO / "roles" / role / "meta" / "argument_specs.yml")
    survey = awx_survey.argument_spec_to_survey(specs, entry_point)
    checked = 0
    for question in survey["spec"]:
        name = question["variable"]
        if question["type"] == "integer":
            bad = "not-a-number"
        elif question["type"] == "multiplechoice":
            bad = "no-such-choice"
        else:
            continue
        assert awx_survey.validate_answers(survey, {name: bad}), name
        assert _validate(role, entry_point, {name: bad}), name
        checked += 1
    if any(q["type"] in ("integer", "multiplechoice") for q in survey["spec"]):
        assert checked


def test_question_types():
    spec = {"main": {"options": {
        "count": {"type": "int", "default": 3, "description": "How many C(things)."},
        "ratio": {"type": "float", "default": 0.5},
        "enabled": {"type": "bool", "default": True},
        "mode": {"type": "str", "choices": ["a", "b"], "default": "a"},
        "token": {"type": "str", "no_log": True},
        "admin_password": {"type": "str"},
        "secret_key_regex": {"type": "str", "default": "x"},
        "batch": {"type": "int", "default": 1},
        "wanted": {"type": "str", "required": True, "default": "w"},
        "path": {"type": "path", "default": "/opt"},
        "templated": {"type": "str", "default": "{{ other }}"},
        "things": {"type": "list", "elements": "str", "default": []},
        "settings": {"type": "dict", "default": {}},
        "zookeeper_id": {"type": "int"},
        "needed": {"type": "str", "required": True},
    }}}
    survey = awx_survey.argument_spec_to_survey(spec, "main", name="s", description="d",
                                                bounds={"batch": {"min": 1, "max": 50}, "path": {"min": 2}})
    by_name = {q["variable"]: q for q in survey["spec"]}
    assert survey["name"] == "s" and survey["description"] == "d"
    assert by_name["count"] == {"variable": "count", "question_name": "count", "question_description": "How many things.",
                                "required": False, "type": "integer", "default": 3}
    assert by_name["ratio"]["type"] == "float"
    assert by_name["enabled"]["type"] == "multiplechoice" and by_name["enabled"]["choices"] == ["true", "false"]
    assert by_name["enabled"]["default"] == "true"
    assert by_name["mode"]["choices"] == ["a", "b"] and by_name["mode"]["default"] == "a"
    # password by no_log only, never by the name
    assert by_name["token"]["type"] == "password"
    assert by_name["admin_password"]["type"] == "text" and by_name["secret_key_regex"]["type"] == "text"
    assert by_name["batch"]["min"] == 1 and by_name["batch"]["max"] == 50
    assert "min" not in by_name["path"]
    # AWX checks required questions against what a launch sends: a default does not answer it
    assert by_name["wanted"]["required"] is False and by_name["wanted"]["default"] == "w"
    assert by_name["path"]["type"] == "text" and by_name["path"]["default"] == "/opt"
    assert "default" not in by_name["templated"]
    assert by_name["needed"]["required"] is True
    assert not {"things", "settings", "zookeeper_id"} & set(by_name)
    no_defaults = awx_survey.argument_spec_to_survey(spec, "main", defaults=False)
    assert all("default" not in q for q in no_defaults["spec"])
    some = awx_survey.argument_spec_to_survey(spec, "main", include=["count", "mode"], defaults=["mode"])
    assert [q["variable"] for q in some["spec"]] == ["count", "mode"]
    assert "default" not in some["spec"][0] and some["spec"][1]["default"] == "a"
    with pytest.raises(awx_survey.SurveyError):
        awx_survey.argument_spec_to_survey(spec, "main", include=["nope"])
    with pytest.raises(awx_survey.SurveyError):
        awx_survey.argument_spec_to_survey(spec, "other")


def test_validate_answers_like_awx():
    survey = {"spec": [
        {"variable": "n", "question_name": "n", "type": "integer", "required": True, "min": 1, "max": 10},
        {"variable": "t", "question_name": "t", "type": "text", "required": False, "max": 3},
        {"variable": "c", "question_name": "c", "type": "multiplechoice", "choices": "x\ny", "required": False},
        {"variable": "m", "question_name": "m", "type": "multiselect", "choices": ["x", "y"], "required": False},
        {"variable": "f", "question_name": "f", "type": "float", "required": False},
    ]}
    assert awx_survey.validate_answers(survey, {"n": 5, "t": "ab", "c": "y", "m": ["x"], "f": 1}) == []
    errors = awx_survey.validate_answers(survey, {})
    assert errors == ["'n' value missing (a required survey question)"]
    assert awx_survey.validate_answers(survey, {"n": "5"})  # a string is not an integer
    assert awx_survey.validate_answers(survey, {"n": True})  # nor is a bool
    assert awx_survey.validate_answers(survey, {"n": 0})
    assert awx_survey.validate_answers(survey, {"n": 11})
    assert awx_survey.validate_answers(survey, {"n": 1, "t": "abcd"})
    assert awx_survey.validate_answers(survey, {"n": 1, "t": 3})
    assert awx_survey.validate_answers(survey, {"n": 1, "c": "z"})
    assert awx_survey.validate_answers(survey, {"n": 1, "m": "x"})
    assert awx_survey.validate_answers(survey, {"n": 1, "m": ["z"]})
    assert awx_survey.validate_answers(survey, {"n": 1, "f": "1.5"})
    # AWX drops variables the survey does not ask (no prompt on launch)
    assert awx_survey.validate_answers(survey, {"n": 1, "other": 1}) == []
    assert awx_survey.ignored_answers(survey, {"n": 1, "other": 1}) == ["other"]
    # a default does not answer a required question: AWX checks what the launch sends
    with_default = {"spec": [{"variable": "d", "question_name": "d", "type": "text", "required": True, "default": "x"}]}
    assert awx_survey.validate_answers(with_default, {}) == ["'d' value missing (a required survey question)"]


def test_survey_extra_vars_defaults_then_answers():
    survey = {"spec": [
        {"variable": "a", "question_name": "a", "type": "integer", "default": 1},
        {"variable": "b", "question_name": "b", "type": "text"},
        {"variable": "c", "question_name": "c", "type": "multiplechoice", "choices": ["x"], "default": "bad"},
    ]}
    assert awx_survey.survey_extra_vars(survey) == {"a": 1}
    assert awx_survey.survey_extra_vars(survey, {"a": 2, "b": "q"}) == {"a": 2, "b": "q"}
    assert awx_survey.survey_extra_vars(survey, {"b": "q", "unasked": 1}) == {"a": 1, "b": "q"}


def test_a_written_question_required_with_a_default_is_refused():
    template = {"name": "t", "survey": {"questions": [
        {"variable": "x", "question_name": "x", "type": "text", "required": True, "default": "d"}]}}
    with pytest.raises(awx_survey.SurveyError, match="required with a default"):
        awx_survey.template_survey(template, {})
