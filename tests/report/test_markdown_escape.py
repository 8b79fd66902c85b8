"""Bank text round-trips through Markdown: every model-answer outline in the bank, exported as
Markdown and parsed back with markdown-it (the parser under Textual's Markdown widget), reads
exactly as the author wrote it, with no emphasis, code, link or HTML the author did not write."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.domain.bank import Bank
from app.domain.text import display_safe
from app.report.markdown import outline_lines, outline_markdown
from app.report.render import to_markdown
from app.store.db import make_engine
from app.store.repository import Repository
from tests.practice.conftest import store_answer

MARKUP = {"em_open", "strong_open", "code_inline", "link_open", "html_inline", "s_open", "image"}
PARSER = MarkdownIt("gfm-like")


def _items(tokens: list[Token]) -> list[list[Token]]:
    """The inline children of each list item of each model-answer <details> block, in order."""
    out: list[list[Token]] = []
    inside = False
    for tok in tokens:
        if tok.type == "html_block" and "<summary>Model answer outline" in tok.content:
            inside = True
            out.append([])
        elif tok.type == "html_block" and "</details>" in tok.content:
            inside = False
        elif inside and tok.type == "inline":
            out[-1].append(tok)
    return out


def _text(inline: Token) -> str:
    return "".join(c.content if c.type == "text" else "\n" for c in inline.children or [])


def test_every_bank_model_answer_round_trips_through_the_markdown_export(
    real_bank: Bank, tmp_path: Path
) -> None:
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'm.db'}"))
    with_outline = [q for q in real_bank.questions.values() if q.model_answer.strip()]
    assert len(with_outline) > 20
    for q in with_outline:
        store_answer(repo, "s", q.id, 3, datetime(2026, 3, 1, tzinfo=UTC), round_index=0)
    md = to_markdown(repo.load("s"), real_bank)
    blocks = _items(PARSER.parse(md))
    assert len(blocks) == len(with_outline)
    for q, items in zip(with_outline, blocks, strict=True):
        expected = [display_safe(line) for line in outline_lines(q.model_answer)]
        assert [_text(t) for t in items] == expected, q.id
        for inline in items:
            kinds = {c.type for c in inline.children or []}
            assert not kinds & MARKUP, (q.id, kinds & MARKUP)


def test_a_formula_is_not_emphasis_and_markup_characters_stay_literal() -> None:
    source = (
        "KV per token: 2*80*8*128*2 = 327,680 B\n"
        "_d_k_ [CLS] <b>x</b> ~~a~~ `c` &amp;\n"
        "1. # not a list"
    )
    tokens = PARSER.parse(outline_markdown(source))
    inline = [t for t in tokens if t.type == "inline"]
    assert [_text(t) for t in inline] == outline_lines(source)
    assert all(not {c.type for c in t.children or []} & MARKUP for t in inline)
    assert [t.type for t in tokens].count("list_item_open") == 3  # one item per line, no nesting
    assert "heading_open" not in [t.type for t in tokens]


def test_a_tag_the_candidate_typed_is_shown_in_the_export_never_rendered(
    real_bank: Bank, tmp_path: Path
) -> None:
    from app.domain.enums import Phase, Role, TurnKind
    from app.domain.transcript import Turn

    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'm.db'}"))
    qid = next(iter(real_bank.questions))
    store_answer(repo, "s", qid, 2, datetime(2026, 3, 1, tzinfo=UTC), round_index=0)
    typed = "<script>alert(1)</script> and <!-- hidden --> and \u202eevil"
    at = datetime(2026, 3, 1, tzinfo=UTC)
    turn = Turn(
        seq=0, round_index=0, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text=typed,
        phase=Phase.QUESTIONS, question_id=qid, at_s=1.0, created_at=at,
    )  # fmt: skip
    repo.add_turn("s", turn)
    md = to_markdown(repo.load("s"), real_bank)
    tokens = PARSER.parse(md)
    html = [t for t in tokens if t.type == "html_block"] + [
        c for t in tokens for c in t.children or [] if c.type == "html_inline"
    ]
    assert not any("script" in t.content or "hidden" in t.content for t in html)
    shown = "".join(c.content for t in tokens for c in t.children or [] if c.type == "text")
    assert "<script>alert(1)</script>" in shown and "<!-- hidden -->" in shown
    assert "\\u202eevil" in shown and "\u202e" not in md  # the override is shown, not obeyed


def test_a_bullet_wrapped_in_the_yaml_stays_one_item() -> None:
    """A model answer's bullet continued on the next YAML line was exported as a bullet of its
    own ("- when the model is confidently wrong; ...")."""
    source = (
        "- MSE through a sigmoid saturates -> tiny gradients\n"
        "  when the model is confidently wrong.\n"
        "- Pass logits to a fused loss."
    )
    assert outline_lines(source) == [
        "MSE through a sigmoid saturates -> tiny gradients when the model is confidently wrong.",
        "Pass logits to a fused loss.",
    ]
    assert outline_lines("First line\nsecond line") == ["First line", "second line"]
