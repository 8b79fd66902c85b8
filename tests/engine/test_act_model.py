"""The act model's provenance and its place in the reader: trained on the tune split only, and
consulted only where no rule has a cue."""

from __future__ import annotations

import hashlib

import numpy as np

from app.domain.acts import DialogueAct
from app.engine.act_model import WEIGHTS, features, second_opinion
from app.engine.reading import read_turn
from tests.conftest import ROOT


def test_the_shipped_weights_were_trained_on_the_tune_split_as_it_is_now() -> None:
    tune = (ROOT / "tests" / "data" / "turns" / "acts_tune.yaml").read_bytes()
    with np.load(WEIGHTS) as data:
        assert str(data["trained_on"]) == hashlib.sha256(tune).hexdigest(), (
            "retrain: python -m app.engine.act_training tests/data/turns/acts_tune.yaml"
        )
        assert [str(a) for a in data["acts"]] == [a.value for a in DialogueAct]


def test_features_are_stable_across_processes_and_case() -> None:
    a = features("Let's skip this one", closing=False)
    assert a == features("LET'S SKIP THIS ONE", closing=False)
    assert a != features("Let's skip this one", closing=True)


def test_a_rule_cue_always_wins_over_the_model() -> None:
    got = read_turn("I don't know. Can you tell me the answer?")
    assert got.act is DialogueAct.ANSWER_REQUEST
    assert "act model" not in got.reason


def test_the_model_places_a_cueless_move_on_that_the_rules_missed() -> None:
    text = "i am done with this one, next"  # no move-on phrase the rules know
    opinion = second_opinion(text, closing=False)
    assert opinion is not None and opinion[0] is DialogueAct.MOVE_ON and opinion[1] >= 0.6
    got = read_turn(text)
    assert got.act is DialogueAct.MOVE_ON and "act model" in got.reason
