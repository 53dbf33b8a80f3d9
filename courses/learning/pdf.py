"""Certificates and transcripts as PDF, drawn with fpdf2.

Fonts are DejaVu Sans (Debian's `fonts-dejavu-core`; `PATHWAY_PDF_FONT_DIR` names another
folder holding the same files), embedded as subsets, with HarfBuzz text shaping, so accented
names, Hebrew and Arabic print as written, right-to-left where they should. The certificate
is one A4 landscape page; a long name or course title gets a smaller size and wraps rather
than running off the page. The QR code (segno) holds the public verification URL. A
certificate's PDF is the same bytes every time it is downloaded: its dates come from the
certificate, not the clock.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import segno
from django.conf import settings
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVuSans"
INK = (33, 37, 41)
ACCENT = (31, 78, 121)
MUTED = (90, 96, 105)


def font_dir() -> Path:
    return Path(getattr(settings, "PATHWAY_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))


def missing_fonts() -> list[Path]:
    return [font_dir() / name for name in FONT_FILES.values() if not (font_dir() / name).exists()]


def hours(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value is not None else "0"
    return text


def long_date(value) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return f"{value.day} {value:%B %Y}"


class Document(FPDF):
    def __init__(self, *, orientation: str, title: str, created: datetime):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(font_dir() / name))
        self.set_text_shaping(True)
        self.set_auto_page_break(False)
        self.set_title(title)
        self.set_creator("Pathway")
        self.set_creation_date(created)
        self.set_lang("en")

    def fitted(self, text: str, *, style: str, sizes: tuple, width: float, max_lines: int):
        """Set the largest of `sizes` at which `text` fits in `max_lines` lines of `width`."""
        for size in sizes:
            self.set_font(FONT, style, size)
            lines = self.multi_cell(width, text=text, dry_run=True, output="LINES")
            if len(lines) <= max_lines:
                return size
        return sizes[-1]

    def centred(self, text: str, *, size: float, style: str = "", colour=INK, gap: float = 0):
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin)
        self.multi_cell(
            self.epw, h=size * 0.45, text=text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        if gap:
            self.ln(gap)


def certificate_pdf(certificate, verification_url: str) -> bytes:
    """One A4 landscape page stating the certificate, with a QR code of `verification_url`."""
    pdf = Document(
        orientation="L",
        title=f"Certificate {certificate.code}: {certificate.course_title}",
        created=certificate.issued_at,
    )
    pdf.set_margins(28, 22, 28)
    pdf.add_page()
    # A double frame, inside the printer's safe margin.
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(14, 14, pdf.w - 28, pdf.h - 28)

    pdf.set_y(24)
    pdf.centred(certificate.organisation.upper(), size=11, style="B", colour=ACCENT, gap=4)
    pdf.centred("Certificate of completion", size=26, style="B", colour=ACCENT, gap=5)
    pdf.centred("This certifies that", size=12, colour=MUTED, gap=3)
    size = pdf.fitted(
        certificate.holder_name, style="B", sizes=(26, 22, 18, 15, 12), width=pdf.epw, max_lines=3
    )
    pdf.centred(certificate.holder_name, size=size, style="B", gap=3)
    pdf.centred("has completed the course", size=12, colour=MUTED, gap=3)
    size = pdf.fitted(
        certificate.course_title, style="B", sizes=(17, 15, 13, 11), width=pdf.epw, max_lines=2
    )
    pdf.centred(certificate.course_title, size=size, style="B", gap=4)
    credit = f"{hours(certificate.ce_hours)} CE hours"
    if certificate.credit_type:
        credit += f" · {certificate.credit_type}"
    pdf.centred(credit, size=13, style="B", colour=ACCENT, gap=2)
    dates = f"Completed on {long_date(certificate.completed_on)}"
    if certificate.expires_at:
        dates += f" · valid until {long_date(certificate.expires_at)}"
    pdf.centred(dates, size=11, gap=4)
    if certificate.accreditation_statement:
        pdf.set_x(pdf.l_margin + 12)
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(
            pdf.epw - 70,
            h=4,
            text=certificate.accreditation_statement,
            align=Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    # The QR code and the code itself, bottom right; the verification address, bottom left.
    qr_size = 34
    qr_x, qr_y = pdf.w - 24 - qr_size, pdf.h - 24 - qr_size - 6
    pdf.image(qr_png(verification_url), x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*INK)
    pdf.set_xy(qr_x - 10, qr_y + qr_size + 0.5)
    pdf.cell(qr_size + 20, 4, certificate.code, align=Align.C)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(pdf.l_margin + 12, pdf.h - 34)
    pdf.multi_cell(
        pdf.w - pdf.l_margin - 12 - (pdf.w - qr_x) - 8,
        h=4,
        text=f"Check this certificate at {verification_url} or scan the code. "
        f"Issued on {long_date(certificate.issued_at)}.",
        align=Align.L,
    )
    return bytes(pdf.output())


def qr_png(data: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=10, border=2)
    buffer.seek(0)
    return buffer


def transcript_pdf(transcript, holder_name: str, organisation: str, now: datetime) -> bytes:
    """The trainee's transcript: one row per certificate and per completed course awaiting
    one, with the total CE hours. A4 portrait, as many pages as it needs."""
    pdf = Document(orientation="P", title=f"Transcript: {holder_name}", created=now)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(pdf.epw, 8, text="Continuing-education transcript", new_x=XPos.LMARGIN)
    pdf.set_font(FONT, "", 11)
    pdf.set_text_color(*INK)
    pdf.multi_cell(
        pdf.epw,
        6,
        text=f"{holder_name}\n{organisation} · produced on {long_date(now)}",
        new_x=XPos.LMARGIN,
    )
    pdf.ln(4)
    headings = ("Course", "CE hours", "Completed", "Certificate", "Status")
    pdf.set_font(FONT, "", 8.5)
    with pdf.table(
        col_widths=(54, 14, 30, 44, 32),
        text_align=("LEFT", "RIGHT", "LEFT", "LEFT", "LEFT"),
        line_height=5,
        first_row_as_headings=True,
    ) as table:
        table.row(headings)
        for row in transcript.rows:
            table.row(
                (
                    row.course_title,
                    hours(row.ce_hours),
                    long_date(row.completed_on),
                    row.code or "—",
                    row.status_label,
                )
            )
    pdf.ln(4)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(
        pdf.epw,
        6,
        text=f"Total CE hours certified: {hours(transcript.total_hours)}",
        new_x=XPos.LMARGIN,
    )
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        pdf.epw,
        4,
        text="Each course counts once, from a certificate that has not been revoked; courses "
        "awaiting a certificate are listed but not counted. Anyone can check a certificate "
        "by its code at the address printed on it.",
        new_x=XPos.LMARGIN,
    )
    return bytes(pdf.output())
