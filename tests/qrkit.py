"""Reading back what the tool draws, with real decoders: QR codes in terminal text, PNG files and
PDF pages (rendered by PDFium), and the text of PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import font_roboto
import pypdfium2
import zxingcpp
from PIL import Image, ImageDraw

ROBOTO = Path(font_roboto.font_files["Roboto"])
"""A TrueType font with every Vietnamese letter, installed by the test extra (not the machine)."""

QR_GLYPHS = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}


def decode(image: Image.Image) -> list[str]:
    """Every QR code a real decoder finds in `image` (normal polarity only: no inverted retry)."""
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)]


def qr_lines(text: str) -> list[str]:
    """The lines of `text` drawn only with the half-block QR glyphs (the QR code itself)."""
    return [line for line in text.splitlines() if line and set(line) <= set(QR_GLYPHS) and "█" in line]


def terminal_image(lines: list[str], scale: int = 6) -> Image.Image:
    """What a dark terminal shows for half-block text: glyph pixels light, background dark."""
    width = max(len(line) for line in lines)
    image = Image.new("L", (width * scale + 8 * scale, len(lines) * 2 * scale + 8 * scale), 0)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        for col, glyph in enumerate(line):
            for half, lit in enumerate(QR_GLYPHS[glyph]):
                if lit:
                    x, y = (col + 4) * scale, (row * 2 + half + 4) * scale
                    draw.rectangle([x, y, x + scale - 1, y + scale - 1], fill=255)
    return image


def decode_terminal(text: str) -> list[str]:
    return decode(terminal_image(qr_lines(text)))


def decode_png(path: Path) -> list[str]:
    return decode(Image.open(io.BytesIO(path.read_bytes())))


def pdf_pages(path: Path, dpi: int = 150) -> list[Image.Image]:
    """Each page of a PDF rendered to an image by PDFium."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()


def pdf_text(path: Path) -> str:
    """The text of every page, as PDFium extracts it."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def pdf_size_mm(path: Path) -> tuple[int, int]:
    """The first page's size in whole millimetres."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return round(width / 72 * 25.4), round(height / 72 * 25.4)
