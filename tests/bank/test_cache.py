"""The bank cache: a hit returns the same bank, any change to any input file is a miss, a
corrupt or foreign cache file is ignored (and replaced), an invalid bank is never cached."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.bank import BankValidationError, load_bank
from app.bank.cache import CACHE_NAME, MAGIC, cache_key, load_bank_cached, read_cached
from app.domain.bank import Bank

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "tui" / "fixtures"


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    bank = tmp_path / "question_bank"
    rubrics = tmp_path / "rubrics"
    shutil.copytree(SMALL / "question_bank", bank)
    shutil.copytree(SMALL / "rubrics", rubrics)
    return bank, rubrics, tmp_path / "cache"


def test_a_hit_is_the_bank_load_bank_builds(dirs: tuple[Path, Path, Path]) -> None:
    bank_dir, rubrics_dir, cache = dirs
    first = load_bank_cached(bank_dir, rubrics_dir, cache)
    assert (cache / CACHE_NAME).is_file()
    assert read_cached(cache / CACHE_NAME, cache_key(bank_dir, rubrics_dir)) == first
    assert load_bank_cached(bank_dir, rubrics_dir, cache) == load_bank(bank_dir, rubrics_dir)


def _touch(path: Path, text: str | None = None) -> None:
    if text is not None:
        path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_any_change_to_an_input_file_is_a_miss(dirs: tuple[Path, Path, Path]) -> None:
    bank_dir, rubrics_dir, cache = dirs
    load_bank_cached(bank_dir, rubrics_dir, cache)
    key = cache_key(bank_dir, rubrics_dir)
    some_yaml = sorted(bank_dir.rglob("*.yaml"))[0]
    _touch(some_yaml)  # mtime only
    assert cache_key(bank_dir, rubrics_dir) != key
    key = cache_key(bank_dir, rubrics_dir)
    (rubrics_dir / "notes.txt").write_text("a new file\n")  # a file added
    assert cache_key(bank_dir, rubrics_dir) != key
    key = cache_key(bank_dir, rubrics_dir)
    assert read_cached(cache / CACHE_NAME, key) is None  # the old cache is not served


def _a_prompt(bank_dir: Path, bank: Bank) -> tuple[Path, str, str, str]:
    """The first bank file, its text, a question in it and the start of that prompt."""
    path = sorted(bank_dir.rglob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    qid = next(q for q in bank.questions if f"id: {q}" in text)
    return path, text, qid, bank.questions[qid].prompt[:20]


def test_an_edit_is_seen_on_the_next_load(dirs: tuple[Path, Path, Path]) -> None:
    bank_dir, rubrics_dir, cache = dirs
    path, text, qid, prompt = _a_prompt(bank_dir, load_bank_cached(bank_dir, rubrics_dir, cache))
    assert prompt in text
    _touch(path, text.replace(prompt, "Edited: " + prompt, 1))
    after = load_bank_cached(bank_dir, rubrics_dir, cache)
    assert after.questions[qid].prompt.startswith("Edited: ")


def test_an_invalid_bank_raises_every_time_and_is_not_cached(
    dirs: tuple[Path, Path, Path],
) -> None:
    bank_dir, rubrics_dir, cache = dirs
    path = sorted(bank_dir.rglob("*.yaml"))[0]
    path.write_text("questions: [ {id: broken\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BankValidationError, match=path.name):
            load_bank_cached(bank_dir, rubrics_dir, cache)
    assert not (cache / CACHE_NAME).exists()


@pytest.mark.parametrize(
    "damage",
    ["truncate", "flip", "garbage", "other-key", "not-a-bank", "empty"],
)
def test_a_corrupt_cache_is_ignored_and_replaced(
    dirs: tuple[Path, Path, Path], damage: str
) -> None:
    bank_dir, rubrics_dir, cache = dirs
    good = load_bank_cached(bank_dir, rubrics_dir, cache)
    path = cache / CACHE_NAME
    data = path.read_bytes()
    key = cache_key(bank_dir, rubrics_dir)
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif damage == "garbage":
        path.write_bytes(os.urandom(4096))
    elif damage == "other-key":
        path.write_bytes(data.replace(key.encode(), b"0" * 64, 1))
    elif damage == "not-a-bank":
        import hashlib

        payload = b'{"questions": {"x": 1}}'
        digest = hashlib.sha256(payload).hexdigest().encode()
        path.write_bytes(MAGIC + key.encode() + b"\n" + digest + b"\n" + payload)
    else:
        path.write_bytes(b"")
    assert read_cached(path, key) is None
    assert load_bank_cached(bank_dir, rubrics_dir, cache) == good
    assert read_cached(path, key) == good  # rewritten intact


def test_an_unwritable_cache_dir_only_costs_the_parse(dirs: tuple[Path, Path, Path]) -> None:
    bank_dir, rubrics_dir, cache = dirs
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the cache folder should be")
    assert load_bank_cached(bank_dir, rubrics_dir, cache) == load_bank(bank_dir, rubrics_dir)


def test_a_same_size_edit_with_the_mtime_put_back_is_a_miss(
    dirs: tuple[Path, Path, Path],
) -> None:
    """`cp -p`, `touch -r` or an editor that keeps timestamps: size and mtime alone would serve
    the old bank."""
    bank_dir, rubrics_dir, cache = dirs
    path, text, qid, prompt = _a_prompt(bank_dir, load_bank_cached(bank_dir, rubrics_dir, cache))
    swapped = prompt[::-1]  # same length, same size on disk
    st = path.stat()
    path.write_text(text.replace(prompt, swapped, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    after = load_bank_cached(bank_dir, rubrics_dir, cache)
    assert after.questions[qid].prompt.startswith(swapped)
