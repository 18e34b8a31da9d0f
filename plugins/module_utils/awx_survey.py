# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""AWX/Tower surveys from role argument specs, and survey answer checks.

* ``argument_spec_to_survey`` turns the options of one entry point of a role's
  ``meta/argument_specs.yml`` into survey questions: ``int`` -> ``integer``,
  ``float`` -> ``float``, ``bool`` -> ``multiplechoice`` of ``"true"``/``"false"``
  (the play gets the string; each role turns its bool options into booleans
  in its ``vars/main.yml``), ``choices`` -> ``multiplechoice``, ``no_log`` ->
  ``password`` (never by the name alone), everything else that is a scalar ->
  ``text``. Lists, dicts, ``raw`` options and per-host variables are left out:
  a survey answer is one value for every host of the job.
* A question's default is the option's default when that is a plain value. A
  default that is a Jinja expression cannot be a survey answer (it would reach
  the playbook as a literal string), so such questions have no default.
* A question with a default is never required: AWX checks required questions
  against the variables a launch sends, so a launch through the API, the CLI
  or a schedule that sends none gets "value missing" for it.
* Integer questions carry ``min``/``max`` given by the template (``bounds``).
* ``template_survey`` builds the whole survey of one job template of
  ``playbooks/awx/job_templates.yml``; ``template_params`` the arguments of
  ``awx.awx.job_template`` for it.
* ``validate_answers`` checks answers against a survey spec the way AWX does
  before it launches a job: required questions answered, text answers are
  strings, integer answers are integers within min/max, choices are among the
  choices.
* ``survey_extra_vars`` is what AWX gives the job as extra vars: the defaults
  of the survey's questions, then the answers over them; variables the survey
  does not ask are dropped, as AWX drops them when variables are not prompted
  on launch (``ignored_answers`` names them).

Survey answers are extra vars, the highest variable precedence: a survey
default beats the inventory. A template that must keep the inventory's values
asks without defaults (``defaults: false``), so a blank answer sends nothing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import re

# Variables that differ per host (identity, addresses): never survey questions.
PER_HOST_VARIABLES = (
    'alluxio_hostname',
    'hosts_file_address',
    'zookeeper_id',
    'zookeeper_restart_member',
)

_SKIPPED_TYPES = ('list', 'dict', 'raw', 'jsonarg', 'json', 'bits', 'bytes')
_MARKUP = re.compile(r'\b[A-Z]\(([^()]*)\)')
BOOL_CHOICES = ['true', 'false']
QUESTION_TYPES = ('text', 'textarea', 'password', 'integer', 'float', 'multiplechoice', 'multiselect')


class SurveyError(ValueError):
    """A survey or a template definition that cannot be built."""


def _is_template(value):
    return isinstance(value, str) and ('{{' in value or '{%' in value)


def _first_line(description):
    if isinstance(description, (list, tuple)):
        description = ' '.join(str(d) for d in description)
    # Ansible doc markup (C(x), V(x), O(x), B(x), ...) reads as plain text in a survey.
    text = _MARKUP.sub(r'\1', str(description or ''))
    return ' '.join(text.split())


def _question_name(name):
    return name.replace('_', ' ')


def option_to_question(name, option, with_default=True, bounds=None):
    """One survey question for option ``name``, or None when it cannot be asked.

    ``bounds`` (``min``, ``max``) apply to an integer or float question.
    """
    option = option or {}
    kind = option.get('type', 'str')
    if kind in _SKIPPED_TYPES:
        return None
    question = {
        'variable': name,
        'question_name': _question_name(name),
        'question_description': _first_line(option.get('description')),
        'required': bool(option.get('required', False)),
    }
    choices = option.get('choices')
    if kind == 'bool':
        question['type'] = 'multiplechoice'
        question['choices'] = list(BOOL_CHOICES)
    elif choices:
        question['type'] = 'multiplechoice'
        question['choices'] = [str(c) if not isinstance(c, bool) else str(c).lower() for c in choices]
    elif kind == 'int':
        question['type'] = 'integer'
    elif kind == 'float':
        question['type'] = 'float'
    elif option.get('no_log'):
        question['type'] = 'password'
    else:
        question['type'] = 'text'

    default = option.get('default')
    if with_default and default is not None and not _is_template(default):
        if kind == 'bool':
            question['default'] = 'true' if default in (True, 'true', 'True', 'yes', 1) else 'false'
        elif question['type'] == 'multiplechoice':
            question['default'] = str(default)
        elif question['type'] in ('integer', 'float'):
            question['default'] = default
        else:
            question['default'] = str(default)
    if 'default' in question:
        question['required'] = False
    if question['type'] in ('integer', 'float'):
        for key in ('min', 'max'):
            if (bounds or {}).get(key) is not None:
                question[key] = (bounds or {})[key]
    return question


def argument_spec_to_survey(argument_specs, entry_point='main', include=None, exclude=None,
                            per_host=None, defaults=True, name='', description='', bounds=None):
    """Survey spec (``name``, ``description``, ``spec``) from a role's argument specs.

    ``argument_specs`` is the loaded ``meta/argument_specs.yml`` (with or
    without its top ``argument_specs`` key) or one entry point's dict.
    ``include`` keeps only those options (in that order); ``exclude`` and
    ``per_host`` (added to PER_HOST_VARIABLES) leave options out. ``defaults``
    is True (every plain default), False (none) or a list of option names.
    ``bounds`` maps option names to their ``min``/``max``.
    """
    specs = argument_specs or {}
    if 'argument_specs' in specs:
        specs = specs['argument_specs']
    if 'options' in specs and entry_point not in specs:
        entry = specs
    else:
        if entry_point not in specs:
            raise SurveyError('argument specs have no entry point %r (found: %s)' % (entry_point, ', '.join(sorted(specs))))
        entry = specs[entry_point]
    options = entry.get('options') or {}
    skipped = set(PER_HOST_VARIABLES) | set(per_host or []) | set(exclude or [])
    if include is not None:
        unknown = [n for n in include if n not in options]
        if unknown:
            raise SurveyError('options %s are not in entry point %r' % (', '.join(unknown), entry_point))
        names = list(include)
    else:
        names = list(options)
    questions = []
    for option_name in names:
        if option_name in skipped or option_name.startswith('_'):
            continue
        with_default = defaults if isinstance(defaults, bool) else option_name in (defaults or [])
        question = option_to_question(option_name, options[option_name], with_default=with_default,
                                      bounds=(bounds or {}).get(option_name))
        if question is not None:
            questions.append(question)
    return {'name': name, 'description': description, 'spec': questions}


def _check_question(question):
    for key in ('variable', 'question_name', 'type'):
        if not question.get(key):
            raise SurveyError('survey question %r lacks %r' % (question, key))
    if question['type'] not in QUESTION_TYPES:
        raise SurveyError('survey question %s: unknown type %r' % (question['variable'], question['type']))
    if question['type'] in ('multiplechoice', 'multiselect') and not question.get('choices'):
        raise SurveyError('survey question %s: %s needs choices' % (question['variable'], question['type']))
    question.setdefault('required', False)
    if question['required'] and question.get('default') not in (None, ''):
        raise SurveyError('survey question %s: required with a default; AWX would refuse a launch that does '
                          'not send it (the API, the CLI, a schedule): set required: false' % question['variable'])
    question.setdefault('question_description', '')
    if question['type'] == 'multiplechoice' and 'default' in question:
        question['default'] = str(question['default'])
    return question


def template_survey(template, role_specs):
    """Survey of one job template: questions from its role sources, then its own.

    ``template['survey']`` may have ``from`` (a list of ``role``,
    ``entry_point``, ``include``, ``exclude``, ``defaults``, ``bounds``) and ``questions``
    (survey questions written out). ``role_specs`` maps role names to their
    loaded argument specs.
    """
    survey = template.get('survey') or {}
    questions = []
    for source in survey.get('from') or []:
        role = source['role']
        if role not in role_specs:
            raise SurveyError('template %r: no argument specs for role %r' % (template.get('name'), role))
        part = argument_spec_to_survey(
            role_specs[role], entry_point=source.get('entry_point', 'main'), include=source.get('include'),
            exclude=source.get('exclude'), per_host=source.get('per_host'), defaults=source.get('defaults', True),
            bounds=source.get('bounds'))
        questions.extend(part['spec'])
    for question in survey.get('questions') or []:
        questions.append(_check_question(copy.deepcopy(question)))
    seen = set()
    for question in questions:
        if question['variable'] in seen:
            raise SurveyError('template %r asks %s twice' % (template.get('name'), question['variable']))
        seen.add(question['variable'])
    return {
        'name': template.get('name', ''),
        'description': survey.get('description', template.get('description', '')),
        'spec': questions,
    }


def template_params(template, role_specs, project, inventory, credentials=None, organization=None,
                    execution_environment=None):
    """Arguments of ``awx.awx.job_template`` for one entry of job_templates.yml."""
    survey = template_survey(template, role_specs)
    params = {
        'name': template['name'],
        'description': template.get('description', ''),
        'job_type': 'run',
        'project': project,
        'inventory': inventory,
        'playbook': template['playbook'],
        'become_enabled': bool(template.get('become', False)),
        'limit': template.get('limit', ''),
        'verbosity': int(template.get('verbosity', 0)),
        'credentials': list(credentials or []),
        'ask_variables_on_launch': False,
        'ask_limit_on_launch': bool(template.get('ask_limit', False)),
        'allow_simultaneous': False,
        'survey_enabled': bool(survey['spec']),
        'survey_spec': survey if survey['spec'] else {},
    }
    if template.get('timeout'):
        params['timeout'] = int(template['timeout'])
    if organization:
        params['organization'] = organization
    if execution_environment:
        params['execution_environment'] = execution_environment
    return params


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def validate_answers(survey_spec, answers):
    """Errors (a list of strings) of ``answers`` against ``survey_spec``, as AWX checks them.

    A required question must be answered even when it has a default (AWX
    checks what the launch sends). Answers for variables the survey does not
    ask are not errors: AWX drops them (see ``ignored_answers``).
    """
    errors = []
    spec = (survey_spec or {}).get('spec') or []
    asked = set()
    for question in spec:
        variable = question['variable']
        asked.add(variable)
        if variable not in answers:
            if question.get('required'):
                errors.append("'%s' value missing (a required survey question)" % variable)
            continue
        value = answers[variable]
        kind = question['type']
        if kind in ('text', 'textarea', 'password'):
            if not isinstance(value, str):
                errors.append("Value %r for '%s' expected to be a string." % (value, variable))
                continue
            if question.get('min') not in (None, '') and len(value) < int(question['min']):
                errors.append("'%s' value is too short (at least %s characters)." % (variable, question['min']))
            if question.get('max') not in (None, '') and len(value) > int(question['max']):
                errors.append("'%s' value is too long (at most %s characters)." % (variable, question['max']))
        elif kind in ('integer', 'float'):
            ok = _is_int(value) if kind == 'integer' else (_is_int(value) or isinstance(value, float))
            if not ok:
                errors.append("Value %r for '%s' expected to be %s." % (value, variable, 'an integer' if kind == 'integer' else 'a number'))
                continue
            if question.get('min') not in (None, '') and value < float(question['min']):
                errors.append("'%s' value %s is too small (must be at least %s)." % (variable, value, question['min']))
            if question.get('max') not in (None, '') and value > float(question['max']):
                errors.append("'%s' value %s is too large (must be no more than %s)." % (variable, value, question['max']))
        elif kind in ('multiplechoice', 'multiselect'):
            choices = question.get('choices') or []
            if isinstance(choices, str):
                choices = choices.split('\n')
            values = value if kind == 'multiselect' else [value]
            if kind == 'multiselect' and not isinstance(value, list):
                errors.append("'%s' value is expected to be a list." % variable)
                continue
            for item in values:
                if item not in choices:
                    errors.append("Value %r for '%s' expected to be one of %s." % (item, variable, choices))
    return errors


def ignored_answers(survey_spec, answers):
    """Variables of ``answers`` the survey does not ask: AWX drops them (no prompt on launch)."""
    asked = set(q['variable'] for q in (survey_spec or {}).get('spec') or [])
    return sorted(set(answers or {}) - asked)


def survey_extra_vars(survey_spec, answers=None):
    """The extra vars AWX gives the job: valid survey defaults, then the answers it asks for."""
    extra_vars = {}
    for question in (survey_spec or {}).get('spec') or []:
        default = question.get('default')
        if default is not None and not validate_answers({'spec': [question]}, {question['variable']: default}):
            extra_vars[question['variable']] = default
    ignored = set(ignored_answers(survey_spec, answers))
    extra_vars.update((k, v) for k, v in (answers or {}).items() if k not in ignored)
    return extra_vars


def enabled_templates(templates, existing_playbooks):
    """The templates to create: those whose playbook exists, or that do not wait for it."""
    existing = set(existing_playbooks or [])
    return [t for t in templates or [] if not t.get('added_when_playbook_exists') or t['playbook'] in existing]


def workflow_nodes(workflow, template_names, organization=None):
    """``workflow_nodes`` of ``awx.awx.workflow_job_template``: each node runs on success of the previous.

    Returns None when a node's job template is not among ``template_names``
    (not created yet), so the workflow is skipped.
    """
    names = list(workflow.get('nodes') or [])
    if not names or any(n not in set(template_names or []) for n in names):
        return None
    nodes = []
    for index, name in enumerate(names):
        template = {'name': name, 'type': 'job_template'}
        if organization:
            template['organization'] = {'name': organization}
        successors = [{'identifier': names[index + 1]}] if index + 1 < len(names) else []
        nodes.append({
            'identifier': name,
            'unified_job_template': template,
            'related': {'success_nodes': successors, 'failure_nodes': [], 'always_nodes': []},
        })
    return nodes
