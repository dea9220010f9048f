"""The architecture test (issue 10): the project keeps its layers, and each check is shown to fail on
the fixture package beside it, which holds one of each forbidden pattern."""
from __future__ import annotations

from pathlib import Path

import pytest

from layers import (
    Layout, import_cycles, impure_imports, load, local_imports, model_writes_in_interfaces, private_imports,
    unjustified, writes_outside_actions,
)

HERE = Path(__file__).parent
ROOT = HERE.parents[1]

PROJECT = Layout(
    root=ROOT,
    packages=("moderation", "authors", "insights", "reviewdesk"),
    pure=("moderation.checks", "moderation.lifecycle", "moderation.errors", "moderation.rulebook", "moderation.ids",
          "authors.standing"),
    actions=("moderation.actions",),
    interfaces=("moderation.desk", "moderation.api", "authors.portal", "authors.manage", "insights.manage",
                "insights.portal"),
)
FIXTURE = Layout(root=HERE / "fixture", packages=("app",), pure=("app.pure",), actions=("app.actions",),
                 interfaces=("app.views",))

MAX_LOCAL_IMPORTS = 10  # issue 10: at most ten, each lazy-loading something heavy, with a comment saying so


@pytest.fixture(scope="module")
def project():
    return load(PROJECT)


@pytest.fixture(scope="module")
def fixture():
    return load(FIXTURE)


def test_no_import_cycles(project):
    assert import_cycles(project) == []


def test_no_private_names_across_modules(project):
    assert private_imports(project) == []


def test_pure_modules_import_no_django(project):
    assert impure_imports(project, PROJECT) == []


def test_state_changes_decisions_and_post_events_only_in_the_actions(project):
    assert writes_outside_actions(project, PROJECT) == []


def test_interfaces_write_no_models(project):
    assert model_writes_in_interfaces(project, PROJECT) == []


def test_few_function_local_imports_each_saying_why(project):
    local = local_imports(project)
    listing = [f"{i.names[0]}:{i.line} → {i.target}  # {i.comment}" for i in local]
    assert len(local) <= MAX_LOCAL_IMPORTS, "\n".join(listing)
    assert [row for row, i in zip(listing, local) if i in unjustified(local)] == []


# ---- the test of the test: every forbidden pattern in the fixture is flagged ---------------------

def test_a_cycle_through_a_function_local_import_is_flagged(fixture):
    assert import_cycles(fixture) == ["app.cycle_a → app.cycle_b"]


def test_private_names_are_flagged(fixture):
    assert private_imports(fixture) == ["app.private:2: imports app.helpers._locked",
                                        "app.private:6: uses app.helpers._locked"]


def test_django_and_impure_imports_in_pure_modules_are_flagged(fixture):
    assert impure_imports(fixture, FIXTURE) == ["app.pure.rules:1: imports django",
                                                "app.pure.rules:3: imports app.helpers (not pure)"]


def test_writes_outside_the_actions_are_flagged(fixture):
    assert sorted(writes_outside_actions(fixture, FIXTURE)) == [
        "app.moves:5: assigns .state", "app.moves:6: updates state", "app.moves:7: creates a PostEvent",
        "app.moves:8: builds a Decision"]


def test_model_writes_in_interfaces_are_flagged(fixture):
    assert model_writes_in_interfaces(fixture, FIXTURE) == ["app.views.desk:7: .save()",
                                                            "app.views.desk:8: .delete()"]


def test_local_imports_are_counted_and_a_missing_reason_is_seen(fixture):
    local = local_imports(fixture)
    assert {(i.names[0], i.line) for i in local} == {("app.cycle_b", 2), ("app.views.desk", 13), ("app.views.desk", 19)}
    assert [(i.names[0], i.line) for i in unjustified(local)] == [("app.cycle_b", 2), ("app.views.desk", 13)]
