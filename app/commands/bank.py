"""`mockloop bank validate|stats`."""

from __future__ import annotations

import argparse
import json
from collections import Counter

from app.bank import load_bank, validate_bank
from app.config import Settings
from app.domain.text import display_safe


def validate(args: argparse.Namespace, settings: Settings) -> int:
    errors = validate_bank(settings.bank_dir, settings.rubrics_dir)
    if errors:
        for e in errors:
            print(display_safe(str(e)))
        print(f"{len(errors)} problem(s) found.")
        return 1
    bank = load_bank(settings.bank_dir, settings.rubrics_dir)
    if not bank.questions:  # an empty or mistyped --bank directory holds nothing to ask
        print(display_safe(f"{settings.bank_dir}: no questions found (no bank YAML files there)."))
        return 1
    print(f"OK: {len(bank.questions)} questions, {len(bank.rubrics)} rubrics.")
    return 0


def stats(args: argparse.Namespace, settings: Settings) -> int:
    errors = validate_bank(settings.bank_dir, settings.rubrics_dir)
    if errors:
        for e in errors:
            print(display_safe(str(e)))
        return 1
    bank = load_bank(settings.bank_dir, settings.rubrics_dir)
    by_round = Counter(str(q.round) for q in bank.questions.values())
    by_area = Counter(f"{q.round}/{q.area}" for q in bank.questions.values())
    by_topic = Counter(t for q in bank.questions.values() for t in q.topics)
    by_diff = Counter(f"{q.round}/{q.difficulty}" for q in bank.questions.values())
    by_level = Counter(str(lv) for q in bank.questions.values() for lv in q.levels)
    data = {
        "questions": len(bank.questions),
        "rubrics": len(bank.rubrics),
        "by_round": dict(sorted(by_round.items())),
        "by_area": dict(sorted(by_area.items())),
        "by_difficulty": dict(sorted(by_diff.items())),
        "by_level": dict(sorted(by_level.items())),
        "by_topic": dict(sorted(by_topic.items())),
        "follow_ups": sum(len(q.follow_ups) for q in bank.questions.values()),
    }
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(
        f"{data['questions']} questions, {data['rubrics']} rubrics, "
        f"{data['follow_ups']} follow-ups\n"
    )
    for title, key in (
        ("By round", "by_round"),
        ("By area", "by_area"),
        ("By difficulty", "by_difficulty"),
        ("By target level", "by_level"),
        ("By topic", "by_topic"),
    ):
        print(title)
        raw: dict[str, int] = data[key]  # type: ignore[assignment]
        table = {display_safe(k): v for k, v in raw.items()}  # topic names are bank text
        width = max((len(k) for k in table), default=0)
        for k, v in table.items():
            print(f"  {k:<{width}}  {v:>4}")
        print()
    return 0
