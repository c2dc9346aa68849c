"""The scenario templater substitutes known names only, and never evaluates anything."""

from __future__ import annotations

import re

import pytest

from harness.errors import ScenarioError
from harness.scenario.templating import problems, render, render_value

CONTEXT = {"interview.project_title": "Cost (EUR)", "question.index": 3, "interview.id": None}


def test_placeholders_are_replaced_with_spaces_or_without():
    assert render("{{question.index}} / {{ question.index }}", CONTEXT) == "3 / 3"


def test_escape_applies_to_substituted_values_only():
    pattern = render("^{{ interview.project_title }}$", CONTEXT, escape=re.escape)
    assert re.search(pattern, "Cost (EUR)")


def test_a_name_without_value_is_a_scenario_error():
    with pytest.raises(ScenarioError, match=r"`question\.kind` has no value"):
        render("{{ question.kind }}", CONTEXT)


def test_unknown_names_and_stray_braces_are_problems():
    assert problems("{{ interview.title }}")[0].startswith("unknown template variable")
    assert problems("{{ 1 + 1 }}")[0].startswith("malformed placeholder")
    assert problems("plain {{ attempt }}") == []


def test_values_are_not_rendered_twice_nor_evaluated():
    assert render("{{ seed }}", {"seed": "{{ attempt }}"}) == "{{ attempt }}"
    assert problems("{{ __import__('os') }}")


def test_nested_values_are_rendered():
    assert render_value({"a": ["{{ question.index }}", 1]}, CONTEXT) == {"a": ["3", 1]}
