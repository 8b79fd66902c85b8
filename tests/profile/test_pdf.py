"""A resume given as PDF is read through the optional pdf extra (pypdf), text layer only."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.profile.build import read_document
from app.profile.claims import extract
from app.profile.errors import ProfileError


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer, written by hand (no PDF writer needed)."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops += [f"({safe}) Tj", "T*"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_a_pdf_resume_gives_the_same_kind_of_claims(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(
        _pdf(
            [
                "EXPERIENCE",
                "Search Ranking, Loomwork (2022 to 2025)",
                "I own the search ranking service at 14k QPS.",
                "Cut p99 latency from 210 ms to 64 ms with INT8 weights on Triton.",
            ]
        )
    )
    doc = read_document(path)
    assert "I own the search ranking service" in doc.text
    quotes = [c.quote for p in extract(doc.text) for c in p.claims]
    assert any("210 ms to 64 ms" in q for q in quotes) and any("14k QPS" in q for q in quotes)


def test_a_broken_pdf_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(ProfileError, match=r"cv\.pdf: not a readable PDF|cv\.pdf: the PDF has no"):
        read_document(path)
