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


def png(text: str, scale: int = 8) -> bytes:
    """`text` as a QR code in a black-and-white PNG image, `scale` pixels per module."""
    import struct
    import zlib

    rows = matrix(text)
    size = len(rows) * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    lines = []
    for row in rows:
        line = b"\x00" + b"".join((b"\x00" if dark else b"\xff") * scale for dark in row)
        lines.extend([line] * scale)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"".join(lines), 9))
        + chunk(b"IEND", b"")
    )
