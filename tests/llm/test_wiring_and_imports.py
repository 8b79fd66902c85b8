"""Mode wiring, lazy imports (offline never loads openai) and secret scrubbing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.config import Settings
from app.interviewer.fallback import FallbackInterviewer
from app.interviewer.llm import LLMInterviewer
from app.interviewer.offline import OfflineInterviewer
from app.judge.llm import LLMJudge
from app.judge.offline import OfflineJudge
from app.llm.errors import scrub
from app.store.repository import Repository
from app.wiring import make_interviewer, make_judge
from tests.conftest import MINI, ROOT
from tests.llm.helpers import KEY


def test_llm_mode_wires_fallback_interviewer_and_llm_judge_on_one_client(
    llm_settings: Settings, repo: Repository
) -> None:
    interviewer = make_interviewer(llm_settings, repo, "s1")
    judge = make_judge(llm_settings, repo, "s1")
    assert isinstance(interviewer, FallbackInterviewer)
    assert isinstance(interviewer.primary, LLMInterviewer)
    assert isinstance(interviewer.fallback, OfflineInterviewer)
    assert interviewer.kind == "llm" and interviewer.model == llm_settings.interviewer_model
    assert isinstance(judge, LLMJudge) and judge.model == llm_settings.judge_model
    assert judge.client is interviewer.primary.client  # one long-lived AsyncOpenAI


def test_offline_mode_and_the_offline_flag(llm_settings: Settings) -> None:
    offline = llm_settings.model_copy(update={"offline": True})
    assert isinstance(make_interviewer(offline), OfflineInterviewer)
    assert isinstance(make_judge(offline), OfflineJudge)
    bare = Settings(data_dir=llm_settings.data_dir)
    assert isinstance(make_interviewer(bare), OfflineInterviewer)


def _python(code: str, tmp: Path) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp),
        "MOCKLOOP_CONFIG_FILE": str(tmp / "none.toml"),
        "MOCKLOOP_BANK_DIR": str(MINI / "bank"),
        "MOCKLOOP_RUBRICS_DIR": str(MINI / "rubrics"),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_help_never_imports_openai(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom app.cli import main\ntry:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\n"
        "print('openai' in sys.modules, 'tiktoken' in sys.modules)"
    )
    assert _python(code, tmp_path) == "False False"


def test_an_offline_session_never_imports_openai(tmp_path: Path) -> None:
    answers = tmp_path / "a.txt"
    answers.write_text("@ 1m\nThe gradient is p - y.\n---\n@ 1m\nFocal loss.\n")
    code = (
        "import sys\nfrom app.cli import main\n"
        f"rc = main(['--data-dir', {str(tmp_path)!r}, 'run', '--answers', {str(answers)!r}, "
        "'--quiet', '--minutes', '10'])\n"
        "print(rc, 'openai' in sys.modules, 'app.llm.client' in sys.modules)"
    )
    assert _python(code, tmp_path) == "0 False False"


def test_scrub_removes_keys_and_bearer_tokens() -> None:
    text = (
        f"Incorrect API key provided: {KEY}. Authorization: Bearer {KEY} "
        "api_key=sk-proj-abcdefghijklmnop other sk-live-1234567890"
    )
    out = scrub(text, [KEY])
    assert KEY not in out and "abcdefghijklmnop" not in out and "1234567890" not in out
    assert "Incorrect API key provided: ***." in out
    assert scrub("nothing secret here", [KEY]) == "nothing secret here"


def test_only_app_llm_imports_openai() -> None:
    import ast

    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] == "openai" for n in names):
                offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders and all(p.startswith("app/llm/") for p in offenders)


def test_doctor_never_shows_credentials_in_the_endpoint() -> None:
    from app.llm.capabilities import display_url

    assert display_url("https://user:sk-secret@gw.example.com:8443/v1?api-key=sk-x") == (
        "https://gw.example.com:8443/v1"
    )
    assert display_url("http://127.0.0.1:11434/v1") == "http://127.0.0.1:11434/v1"
