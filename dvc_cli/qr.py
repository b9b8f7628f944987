"""QR codes drawn for the terminal. The caller decides what goes in: a receipt code, never personal data.

Two module rows share one text line (half blocks), light modules drawn with the block glyph, so the
code reads dark-on-light on the usual dark terminal background and keeps its four-module quiet zone.
"""

from __future__ import annotations

# (top module is light, bottom module is light) -> glyph
_GLYPHS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def matrix(text: str) -> list[list[bool]]:
    """The QR modules for `text` (True = dark), quiet zone included, error correction M."""
    import qrcode  # imported here: only commands that draw a code pay for it

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def terminal(text: str) -> str:
    """`text` as a QR code in block characters, one line per two module rows."""
    rows = matrix(text)
    if len(rows) % 2:
        rows = [*rows, [False] * len(rows[0])]
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2]):
        lines.append("".join(_GLYPHS[(not a, not b)] for a, b in zip(top, bottom)))
    return "\n".join(lines)
