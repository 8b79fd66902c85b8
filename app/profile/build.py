"""Read a profile document from disk and turn it into a `Profile` (offline extraction).

Plain text and Markdown are read as UTF-8 (invalid bytes are replaced and the caller is told);
a PDF needs the optional `pdf` extra (pypdf). The document is never copied anywhere: it goes to
the caller, who stores it in the database of the current data directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain.profile import Extractor, Profile, Project
from app.profile.claims import extract
from app.profile.document import layout
from app.profile.errors import ProfileError
from app.profile.stories import parse_stories

MAX_BYTES = 512 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    replaced_bytes: bool = False


def read_document(path: Path) -> Document:
    """The document's text, or a ProfileError saying what is wrong with the file."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(str(path), None, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:
        raise ProfileError(
            str(path), None, f"the file is {len(raw) // 1024} KiB; a profile is at most "
            f"{MAX_BYTES // 1024} KiB of text"
        )  # fmt: skip
    if suffix == ".pdf":
        return Document(path.name, _pdf_text(path))
    if suffix not in TEXT_SUFFIXES:
        raise ProfileError(
            str(path), None, f"unsupported file type {suffix!r}: give plain text, Markdown or PDF"
        )
    text = raw.decode("utf-8", "replace")
    replaced = "\ufffd" in text and "\ufffd".encode() not in raw
    if not text.strip():
        raise ProfileError(str(path), None, "the file is empty")
    return Document(path.name, text.replace("\r\n", "\n"), replaced)


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:
        raise ProfileError(
            str(path), None, "reading PDF needs the optional extra: pip install 'mockloop[pdf]' "
            "(or save the resume as plain text)"
        ) from exc  # fmt: skip
    try:
        pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ProfileError(str(path), None, f"not a readable PDF: {exc}") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ProfileError(str(path), None, "the PDF has no text layer (a scanned image?)")
    return text


def offline_profile(doc: Document, now: datetime) -> Profile:
    """Projects, claims and stories by the deterministic rules; revision 1 until stored."""
    return with_projects(doc, extract(doc.text), now, Extractor.OFFLINE, None)


def with_projects(
    doc: Document,
    projects: list[Project],
    now: datetime,
    extractor: Extractor,
    model: str | None,
) -> Profile:
    stories = parse_stories(layout(doc.text).story_lines, doc.name) if doc.text else []
    return Profile(
        revision=1,
        source_name=doc.name,
        created_at=now,
        text=doc.text,
        extractor=extractor,
        extractor_model=model,
        projects=projects,
        stories=stories,
    )
