# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""AWX/Tower survey filters; the logic is in module_utils/awx_survey.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.awx_survey import (
    SurveyError,
    argument_spec_to_survey,
    enabled_templates,
    template_params,
    validate_answers,
    workflow_nodes,
)


def _argument_spec_to_survey(argument_specs, entry_point='main', include=None, exclude=None, per_host=None,
                             defaults=True, name='', description=''):
    try:
        return argument_spec_to_survey(argument_specs, entry_point=entry_point, include=include, exclude=exclude,
                                       per_host=per_host, defaults=defaults, name=name, description=description)
    except (SurveyError, KeyError, TypeError, AttributeError) as exc:
        raise AnsibleFilterError('argument_spec_to_survey: %s' % exc)


def _awx_job_template(template, role_specs, project, inventory, credentials=None, organization=None,
                      execution_environment=None):
    try:
        return template_params(template, role_specs, project, inventory, credentials=credentials,
                               organization=organization, execution_environment=execution_environment)
    except (SurveyError, KeyError, TypeError, ValueError) as exc:
        raise AnsibleFilterError('awx_job_template: %s' % exc)


def _survey_errors(answers, survey_spec):
    return validate_answers(survey_spec, answers or {})


def _awx_enabled_templates(templates, existing_playbooks):
    return enabled_templates(templates, existing_playbooks)


def _awx_workflow_nodes(workflow, template_names, organization=None):
    try:
        return workflow_nodes(workflow, template_names, organization=organization)
    except (KeyError, TypeError, AttributeError) as exc:
        raise AnsibleFilterError('awx_workflow_nodes: %s' % exc)


class FilterModule(object):
    """AWX survey filters."""

    def filters(self):
        return {
            'argument_spec_to_survey': _argument_spec_to_survey,
            'awx_enabled_templates': _awx_enabled_templates,
            'awx_job_template': _awx_job_template,
            'awx_workflow_nodes': _awx_workflow_nodes,
            'survey_errors': _survey_errors,
        }
