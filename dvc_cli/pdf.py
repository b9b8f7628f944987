"""Slips as PDF (fpdf2), laid out like the official one-stop forms: the agency on the left and the
national motto on the right, the title, the fields, the table of papers, the signature blocks and
a QR code of the receipt code drawn as vector squares.

fpdf2 is imported inside `render` only: commands that print nothing pay nothing for it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from dvc_cli.fonts import FontPair
from dvc_cli.slips import Slip
from dvc_cli.strings import t

PAPERS = {"a5": (148.0, 210.0), "a4": (210.0, 297.0)}
"""Page sizes in millimetres."""

_MARGIN = 11.0   # A5 margin, mm; everything scales with the page width
_BODY = 9.0      # A5 body text size, pt
_QR = 24.0       # A5 QR side, mm (its quiet zone included)


def render(slip: Slip, font: FontPair, paper: str = "a5", qr_modules: list[list[bool]] | None = None) -> bytes:
    """The slip as the bytes of a one- (or more-) page PDF."""
    from fpdf import FPDF

    width, height = PAPERS[paper]
    k = width / PAPERS["a5"][0]
    pdf = FPDF(unit="mm", format=(width, height))
    pdf.set_creation_date(datetime(2000, 1, 1, tzinfo=timezone.utc))  # same input, same bytes
    pdf.set_title(slip.title)
    pdf.set_creator("dvc-cli")
    margin = _MARGIN * k
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin)
    pdf.add_font("slip", "", str(font.regular))
    pdf.add_font("slip", "B", str(font.bold))
    pdf.add_page()
    _Layout(pdf, k, slip, qr_modules).draw()
    return bytes(pdf.output())


class _Layout:
    def __init__(self, pdf, k: float, slip: Slip, qr_modules: list[list[bool]] | None) -> None:
        self.pdf, self.k, self.slip, self.qr = pdf, k, slip, qr_modules
        self.width = pdf.w - pdf.l_margin - pdf.r_margin
        self.line = 4.6 * k

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font("slip", "B" if bold else "", size * self.k)

    def centred(self, text: str, x: float, w: float, size: float, bold: bool = False) -> None:
        self.font(size, bold)
        self.pdf.set_x(x)
        self.pdf.multi_cell(w, size * 0.45 * self.k, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def rule(self, x: float, w: float, part: float) -> None:
        y = self.pdf.get_y() + 0.6 * self.k
        self.pdf.set_line_width(0.25 * self.k)
        self.pdf.line(x + w * (1 - part) / 2, y, x + w * (1 + part) / 2, y)
        self.pdf.set_y(y + 1.4 * self.k)

    def draw(self) -> None:
        self.heading()
        self.title()
        for block in self.slip.blocks:
            getattr(self, "block_" + block[0])(*block[1:])
        self.signatures()

    def heading(self) -> None:
        pdf, slip = self.pdf, self.slip
        left_w, gap = self.width * 0.42, self.width * 0.02
        right_x, right_w = pdf.l_margin + left_w + gap, self.width - left_w - gap
        top = pdf.get_y()
        if slip.unit:
            self.centred(slip.office.upper(), pdf.l_margin, left_w, 7.5)
            self.centred(slip.unit, pdf.l_margin, left_w, 7.5, bold=True)
        else:
            self.centred(slip.office.upper(), pdf.l_margin, left_w, 7.5, bold=True)
        self.rule(pdf.l_margin, left_w, 0.35)
        if slip.number:
            self.centred(slip.number, pdf.l_margin, left_w, 8)
        left_bottom = pdf.get_y()
        pdf.set_y(top)
        self.centred(t("slip.motto.1"), right_x, right_w, 7.5, bold=True)
        self.centred(t("slip.motto.2"), right_x, right_w, 8, bold=True)
        self.rule(right_x, right_w, 0.55)
        self.centred(slip.date_line, right_x, right_w, 8)
        pdf.set_y(max(left_bottom, pdf.get_y()) + 3 * self.k)

    def title(self) -> None:
        self.centred(self.slip.title, self.pdf.l_margin, self.width, 11, bold=True)
        if self.slip.subtitle:
            self.pdf.ln(0.8 * self.k)
            self.centred(self.slip.subtitle, self.pdf.l_margin, self.width, 9.5, bold=True)
        self.pdf.ln(2.5 * self.k)

    def block_field(self, label: str, value: str) -> None:
        pdf = self.pdf
        self.font(_BODY)
        pdf.set_x(pdf.l_margin)
        label_w = pdf.get_string_width(label + " ")
        if label_w > self.width * 0.55:  # a long label: the value goes on the next line
            pdf.multi_cell(self.width, self.line, label, align="L", new_x="LMARGIN", new_y="NEXT")
            label_w = self.width * 0.06
        else:
            pdf.cell(label_w, self.line, label + " ")
        self.font(_BODY, bold=True)
        pdf.set_x(pdf.l_margin + label_w)
        pdf.multi_cell(self.width - label_w, self.line, value, align="L", new_x="LMARGIN", new_y="NEXT")

    def block_text(self, text: str, bold: bool = False) -> None:
        self.pdf.ln(0.8 * self.k)
        self.font(_BODY, bold)
        self.pdf.set_x(self.pdf.l_margin)
        self.pdf.multi_cell(self.width, self.line, text, align="J", new_x="LMARGIN", new_y="NEXT")

    def block_gap(self) -> None:
        self.pdf.ln(self.line / 2)

    def block_table(self, columns: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> None:
        pdf = self.pdf
        pdf.ln(0.8 * self.k)
        self.font(_BODY - 0.5)
        pdf.set_line_width(0.2 * self.k)
        with pdf.table(col_widths=widths, width=self.width, line_height=self.line * 0.95,
                       text_align=("CENTER", "LEFT", "CENTER", "CENTER")[: len(columns)],
                       headings_style=_headings(), padding=0.8 * self.k, first_row_as_headings=True) as table:
            for row in [columns, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(value)
        pdf.ln(1.2 * self.k)

    def signatures(self) -> None:
        """The signature row: [QR code] | left signer | right signer; kept together on one page."""
        pdf, k = self.pdf, self.k
        block_h = 30 * k
        if pdf.get_y() + 2 * k + block_h > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.ln(2 * k)
        top = pdf.get_y()
        qr_w = (_QR + 3) * k if self.qr else 0
        half = (self.width - qr_w) / 2
        for i, (title, hint, name) in enumerate(self.slip.signatures[:2]):
            x = pdf.l_margin + qr_w + i * half
            pdf.set_y(top)
            if not title:
                continue
            self.centred(title, x, half, 8.5, bold=True)
            self.centred(hint, x, half, 7.5)
            if name:
                pdf.set_y(top + 22 * k)
                self.centred(name, x, half, 9, bold=True)
        if self.qr:
            self.qr_code(pdf.l_margin, top)
        pdf.set_y(top + block_h)

    def qr_code(self, x: float, y: float) -> None:
        """The QR modules as black squares (horizontal runs merged), the receipt code under it."""
        pdf, side = self.pdf, _QR * self.k
        count = len(self.qr)
        module = side / count
        pdf.set_fill_color(0, 0, 0)
        for r, row in enumerate(self.qr):
            c = 0
            while c < count:
                if row[c]:
                    start = c
                    while c < count and row[c]:
                        c += 1
                    pdf.rect(x + start * module, y + r * module, (c - start) * module + 0.01, module + 0.01, style="F")
                else:
                    c += 1
        pdf.set_y(y + side - 2 * module)
        self.centred(self.slip.code.replace("-", "-\n", 1), x, side, 6.5, bold=True)


def _headings():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
