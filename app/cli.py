"""Entry point: parse arguments and hand off. argparse keeps start-up fast (no heavy imports)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

from app import __version__
from app.domain.enums import PLAYABLE_ROUNDS, Mode, TargetLevel

SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a tool cut off by `| head`, so
# `set -o pipefail` still sees that the command did not finish (its own status is unknown)

ROUNDS = tuple(k.value for k in PLAYABLE_ROUNDS)
MODES = tuple(m.value for m in Mode)
LEVELS = tuple(level.value for level in TargetLevel)
CALIBRATE_FORMAT = """\
set format (YAML: a list of items, or `items:` holding one; JSONL: one item per line):
  - id: my-01                      # unique in the set
    question_id: fund-train5-val25 # a question id from the bank
    label: 3                       # expert level: 1 no hire .. 4 strong hire
    reason: One line on why.
    tags: [short-expert]           # optional; padded and injection items get extra checks
    split: holdout                 # optional: tune | holdout (else assigned: a stratified third)
    answer: |                      # the candidate's text, or a list of turns:
      ...                          #   [{role: candidate, text: ...}, {role: interviewer, ...}]
Full description: tests/data/calibration/README.md.
"""


class _Lazy:
    """A command imported when it runs. `quick`: it takes `QuickSettings` when they can answer
    (the sessions list, the TUI's first paint), so it starts without pydantic."""

    def __init__(self, module: str, func: str, *, quick: bool = False) -> None:
        self.module, self.func, self.quick = module, func, quick

    def __call__(self, *args: object) -> int:
        result: int = getattr(import_module(f"app.commands.{self.module}"), self.func)(*args)
        return result


def _lazy(module: str, func: str, *, quick: bool = False) -> Callable[..., int]:
    return _Lazy(module, func, quick=quick)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mockloop",
        description="Mock interviews for Machine Learning Engineer loops. "
        "With no command, opens the terminal UI.",
    )
    p.add_argument("--version", action="version", version=f"mockloop {__version__}")
    _add_global_options(p, repeated=False)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for add in (
        _add_interview,
        _add_review,
        _add_after,
        _add_llm,
        _add_practice,
        _add_calibrate,
        _add_bank,
        _add_profile,
    ):
        add(sub)
    _repeat_global_options(p)
    return p


def _add_global_options(p: argparse.ArgumentParser, *, repeated: bool) -> None:
    """--offline, --db, --data-dir and --debug. The top-level parser gives them their defaults;
    every subcommand repeats them with `SUPPRESS` defaults, so `mockloop run --data-dir D`
    works as well as `mockloop --data-dir D run`, and a subcommand never resets a value given
    before it."""
    unset: Any = argparse.SUPPRESS if repeated else None
    p.add_argument(
        "--offline",
        action="store_true",
        default=unset,
        help="never call an LLM, even when a key or endpoint is configured",
    )
    p.add_argument("--db", dest="database_url", metavar="URL", default=unset, help="database URL")
    p.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if repeated else False,
        help="on an error, also print the Python traceback",
    )
    p.add_argument(
        "--data-dir", type=str, default=unset, help="where the database and exports live"
    )


def _repeat_global_options(p: argparse.ArgumentParser) -> None:
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                _add_global_options(child, repeated=True)
                _repeat_global_options(child)


def _add_interview(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="run a headless interview in this terminal")
    run.add_argument(
        "--round",
        choices=ROUNDS,
        action="append",
        dest="rounds",
        help="round to run; repeat for a loop of several (default: fundamentals)",
    )
    run.add_argument("--minutes", type=int, help="round length in minutes (compresses budgets)")
    run.add_argument("--level", choices=LEVELS, default=TargetLevel.SENIOR.value)
    run.add_argument(
        "--answers",
        metavar="FILE",
        help="replay scripted answers (blocks separated by a line '---') "
        "on a simulated clock, non-interactively",
    )
    run.add_argument(
        "--question",
        action="append",
        dest="questions",
        metavar="ID",
        help="ask this question id (repeatable)",
    )
    run.add_argument("--seed", type=int, help="seed for question selection")
    run.add_argument("--quiet", action="store_true", help="print only the final report")
    run.set_defaults(func=_lazy("run", "run"))

    resume = sub.add_parser("resume", help="resume an unfinished session")
    resume.add_argument("session_id", nargs="?", help="id or prefix (default: the latest)")
    resume.add_argument("--answers", metavar="FILE", help="replay scripted answers")
    resume.add_argument("--quiet", action="store_true")
    resume.add_argument(
        "--take-over",
        action="store_true",
        help="continue a session whose other writer stopped answering (its lease expired)",
    )
    resume.set_defaults(func=_lazy("run", "resume"))


def _add_review(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sessions = sub.add_parser("sessions", help="list past sessions")
    sessions.add_argument("--limit", type=_count(), default=20, help="how many (default: 20)")
    sessions.set_defaults(func=_lazy("sessions", "list_sessions", quick=True))

    show = sub.add_parser("show", help="print a scored transcript")
    show.add_argument("session_id")
    show.set_defaults(func=_lazy("sessions", "show", quick=True))

    export = sub.add_parser("export", help="export a session as Markdown or JSON")
    export.add_argument("session_id")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("--output", "-o", type=_file_name, help="file to write (default: stdout)")
    export.set_defaults(func=_lazy("sessions", "export", quick=True))


def _add_after(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    debrief = sub.add_parser("debrief", help="a hiring-committee debrief against a level bar")
    debrief.add_argument("session_id")
    debrief.add_argument("--level", choices=LEVELS, help="target level (default: the session's)")
    debrief.add_argument(
        "--output", "-o", metavar="FILE", type=_file_name, help="write Markdown here"
    )
    debrief.set_defaults(func=_lazy("debrief", "debrief"))

    email = sub.add_parser("email", help="draft a thank-you note that continues the conversation")
    email.add_argument("session_id")
    email.add_argument("--to", metavar="NAME", help="the interviewer's name")
    email.add_argument("--company", metavar="NAME")
    email.add_argument(
        "--experience", metavar="TEXT", help="one line on your own work to tie the note to"
    )
    email.add_argument("--question", metavar="ID", help="reference this question of the session")
    email.add_argument(
        "--output", "-o", metavar="FILE", type=_file_name, help="write the note here"
    )
    email.set_defaults(func=_lazy("debrief", "email"))


def _add_llm(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = sub.add_parser("doctor", help="check the LLM endpoint, models and capabilities")
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(func=_lazy("doctor", "doctor"))

    rescore = sub.add_parser("rescore", help="re-judge a stored session (keeps earlier scores)")
    rescore.add_argument("session_id")
    rescore.add_argument("--judge", choices=MODES, help="default: llm if configured")
    rescore.add_argument("--judge-model", help="LLM judge model for this rescore")
    rescore.add_argument(
        "--pending",
        action="store_true",
        help="only questions that have no score yet (queued after a failure)",
    )
    rescore.set_defaults(func=_lazy("rescore", "rescore"))


def _add_practice(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = sub.add_parser("plan", help="print the next recommended session and why")
    plan.add_argument("--round", choices=ROUNDS, action="append", dest="rounds")
    plan.add_argument("--minutes", type=int)
    plan.add_argument("--level", choices=LEVELS, default=TargetLevel.SENIOR.value)
    plan.add_argument("--interview-date", metavar="YYYY-MM-DD")
    plan.add_argument("--json", action="store_true")
    plan.set_defaults(func=_lazy("practice", "plan"))

    progress = sub.add_parser("progress", help="mastery per topic, trend, and what is due")
    progress.add_argument("--json", action="store_true")
    progress.add_argument(
        "--rebuild",
        action="store_true",
        help="recompute the progress aggregates from every stored assessment first",
    )
    progress.set_defaults(func=_lazy("practice", "progress", quick=True))


def _add_calibrate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    calibrate = sub.add_parser(
        "calibrate",
        help="measure judge agreement with expert labels",
        description="Score a labelled answer set with a judge and report quadratic weighted\n"
        "kappa, exact and within-one agreement, mean signed error (> 0: the judge inflates),\n"
        "a confusion matrix, length correlations and the worst disagreements with evidence.",
        epilog=CALIBRATE_FORMAT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    calibrate.add_argument(
        "--judge",
        choices=MODES,
        default=Mode.OFFLINE.value,
        help="judge to measure (llm needs OPENAI_API_KEY or OPENAI_BASE_URL)",
    )
    calibrate.add_argument(
        "--set",
        dest="set_path",
        metavar="PATH",
        help="labelled answer set: a .yaml/.jsonl file or a directory of them "
        "(default: the bundled one, tests/data/calibration in a checkout)",
    )
    calibrate.add_argument(
        "--split",
        choices=("all", "tune", "holdout"),
        default="holdout",
        help="which items to score (default: holdout)",
    )
    calibrate.add_argument(
        "--gaming",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also run generated attacks (keyword salads, stuffing, buzzwords, filler) on every "
        "bank question (default: on for the offline judge, off for the LLM judge)",
    )
    calibrate.add_argument(
        "--limit", type=_count(), metavar="N", help="score a label-balanced subset of N items"
    )
    calibrate.add_argument(
        "--concurrency",
        type=_count(64),
        metavar="N",
        help="items scored at once (default for an LLM: the server's slots when it reports "
        "them, else 2)",
    )
    calibrate.add_argument(
        "--repeat",
        type=_count(100),
        default=1,
        metavar="N",
        help="score every item N times and report how often the levels agree",
    )
    calibrate.add_argument("--json", action="store_true", help="print the report as JSON")
    calibrate.set_defaults(func=_lazy("calibrate", "calibrate"))


def _count(high: int = 1_000_000) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to `high` (argparse turns the ValueError into
    "invalid count value: '0'" with the option's name)."""

    def parse(text: str) -> int:
        value = int(text)
        if not 1 <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between 1 and {high:,}, not {text}")
        return value

    parse.__name__ = "count"
    return parse


def _file_name(text: str) -> str:
    """An argparse type for `--output`: an empty name is a mistake (a shell variable that was
    never set), not a request for standard output."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty file name; leave -o out to print instead")
    return text


_file_name.__name__ = "file name"


def _add_bank(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bank = sub.add_parser("bank", help="question bank tools")
    bank_sub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    bank_sub.add_parser("validate", help="check every bank and rubric file").set_defaults(
        func=_lazy("bank", "validate")
    )
    stats = bank_sub.add_parser("stats", help="counts by round, topic and difficulty")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=_lazy("bank", "stats"))


def _add_profile(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    profile = sub.add_parser(
        "profile", help="your resume or project notes, for the deep_dive round and story bank"
    )
    actions = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    put = actions.add_parser(
        "set", help="set (or replace) the profile from a text, Markdown or PDF file"
    )
    put.add_argument("file", metavar="FILE")
    put.set_defaults(func=_lazy("profile", "set_profile"))
    actions.add_parser("show", help="the profile's projects, claims and story bank").set_defaults(
        func=_lazy("profile", "show_profile")
    )


def _settings(args: argparse.Namespace, quick: bool) -> object:
    """The quick settings where the command takes them and they can answer, else the full
    `Settings`; a `ConfigError` (or any fault of the config) says which value is wrong."""
    overrides = {
        "offline": args.offline,
        "database_url": args.database_url,
        "data_dir": args.data_dir,
    }
    if quick:
        from app.settings_quick import quick_settings

        found = quick_settings(**overrides)
        if found is not None:
            return found
    from app.config import load_settings

    return load_settings(**overrides)


def main(argv: Sequence[str] | None = None) -> int:
    from app.commands.failures import config_failure, internal_failure, store_failure

    if argv is None:  # the program itself, not a test calling in
        from app.commands.heap import enable

        enable()
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        func = _lazy("tui", "run_tui", quick=True)
    try:
        settings = _settings(args, isinstance(func, _Lazy) and func.quick)
    except Exception as exc:  # a bad config file or env value: say which, never a traceback
        return config_failure(exc, args.debug)
    from app.settings_quick import ConfigError
    from app.store.errors import StoreError

    try:
        status = func(args, settings)
        sys.stdout.flush()  # here, so a reader that has gone away is met below, not at exit
        return status
    except ConfigError as exc:  # a quick command that needed the full settings after all
        return config_failure(exc, args.debug)
    except StoreError as exc:
        return store_failure(exc, args.debug)
    except BrokenPipeError:  # `mockloop show ID | head`: stop quietly, as a shell tool does
        with contextlib.suppress(OSError):  # no "Exception ignored" when stdout is flushed
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SIGPIPE_EXIT
    except KeyboardInterrupt:
        print(
            "\nInterrupted. Your session is saved; `mockloop resume` continues it.", file=sys.stderr
        )
        return 130
    except Exception as exc:  # a bug: one line that names it, the traceback only with --debug
        return internal_failure(exc, args.debug)


if __name__ == "__main__":
    raise SystemExit(main())
