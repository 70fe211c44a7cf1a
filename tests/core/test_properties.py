"""Arbitrary text and numbers thrown at the models and the loader: refusals, never crashes."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tac.bundle import Bundle
from tac.cli import main
from tac.errors import InvalidInput, describe_validation_error
from tac.models import Action, AssessmentItem, Family, Person, ScalingScore
from tac.store import Store

from .factories import family_file

anything = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@given(name=st.text(), relationship=anything, dob=anything, role=anything)
def test_people_are_either_valid_or_refused_with_a_message(name, relationship, dob, role):
    try:
        person = Person(name=name, relationship=relationship, date_of_birth=dob, role=role)
    except ValidationError as error:
        assert describe_validation_error(error)
    else:
        assert person.name == person.name.strip() and person.name
        assert not any(ord(c) < 32 for c in person.name)


@given(score=anything, reason=anything)
def test_scaling_scores_outside_0_to_10_never_get_in(score, reason):
    try:
        scaling = ScalingScore(person_id="p", score=score, reason=reason)
    except ValidationError:
        return
    assert 0 <= scaling.score <= 10


@given(text=st.text(), column=anything)
def test_assessment_text_never_keeps_control_characters(text, column):
    try:
        item = AssessmentItem(column=column, text=text)
    except ValidationError:
        return
    assert item.text and not any(ord(c) < 32 and c not in "\t\n" for c in item.text)


@given(what=st.text(), due=st.dates(), agreed=st.dates())
def test_actions_never_fall_due_before_they_were_agreed(what, due, agreed):
    try:
        action = Action(family_id="f", what=what, person_id="p", agreed_on=agreed, due_on=due)
    except ValidationError:
        return
    assert action.due_on >= action.agreed_on


@given(reference=st.text(), postcode=st.text())
def test_family_references_and_postcodes(reference, postcode):
    try:
        family = Family(reference=reference, postcode=postcode)
    except ValidationError:
        return
    assert family.reference.startswith(family.reference[:2].upper())


def _mutations():
    """Paths into a dumped family and values to put there."""
    return st.tuples(
        st.sampled_from(
            [
                ("families", 0, "family", "reference"),
                ("families", 0, "family", "people", 0, "date_of_birth"),
                ("families", 0, "family", "people", 0, "name"),
                ("families", 0, "tac_meetings", 0, "scaling", 0, "score"),
                ("families", 0, "actions", 0, "due_on"),
                ("families", 0, "actions", 0, "professional_id"),
                ("families", 0, "chronology", 0, "summary"),
                ("families", 0, "family", "id"),
                ("professionals", 0, "agency_id"),
                ("screening_meetings", 0, "decisions", 0, "level"),
                ("families", 0, "referrals", 0, "family_id"),
                ("format",),
            ]
        ),
        anything,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(_mutations(), min_size=1, max_size=3))
def test_the_loader_refuses_bad_files_whole_and_never_half_writes(tmp_path_factory, changes):
    bundle, _ = family_file()
    data = json.loads(bundle.model_dump_json())
    for path, value in changes:
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    db = tmp_path_factory.mktemp("load") / "tac.db"
    with Store.open(db, actor="x") as store:
        try:
            store.load(Bundle.model_validate_json(json.dumps(data)))
        except (ValidationError, InvalidInput):
            counts = store.check().counts
            assert counts["families"] == counts["agencies"] == counts["actions"] == 0
            assert counts["audit_log"] == 0
        else:
            assert store.check().ok


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_tac_load_on_arbitrary_text_gives_one_line_and_status_2(tmp_path_factory, capsys, text):
    folder = tmp_path_factory.mktemp("cli")
    file = folder / "in.json"
    file.write_text(text, encoding="utf-8")
    code = main(["--db", str(folder / "tac.db"), "load", str(file)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("tac: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_loader_accepts_its_own_dump():
    bundle, _ = family_file()
    assert Bundle.model_validate_json(bundle.model_dump_json()) == bundle


@pytest.mark.parametrize("bad", [date(2026, 2, 1).isoformat(), "31/02/2026", 7])
def test_a_bad_due_date_in_a_file_names_the_field(bad):
    bundle, _ = family_file()
    data = json.loads(bundle.model_dump_json())
    data["families"][0]["actions"][0]["due_on"] = bad
    with pytest.raises(ValidationError) as error:
        Bundle.model_validate_json(json.dumps(data))
    assert "due" in describe_validation_error(error.value) or "by when" in describe_validation_error(
        error.value
    )
