"""Read a QR code drawn in half blocks back with a real decoder (zxing-cpp), as a phone would."""

from __future__ import annotations

BLOCKS = set("█▀▄ ")


def decode_terminal_qr(output: str) -> str:
    """The text of the (single) QR code found in a terminal transcript.

    The code is the run of lines made only of block characters; each character is one module wide
    and two modules tall (upper and lower half), light modules drawn, dark ones left blank."""
    import zxingcpp
    from PIL import Image

    lines = [ln.rstrip("\n") for ln in output.splitlines()]
    block = [ln for ln in lines if ln.strip() and set(ln) <= BLOCKS and "█" in ln]
    assert block, "no QR code in the output"
    width = max(len(ln) for ln in block)
    scale = 6
    image = Image.new("L", (width * scale, len(block) * 2 * scale), 0)
    for y, row in enumerate(block):
        for x, char in enumerate(row):
            for half, lit in ((0, char in "█▀"), (1, char in "█▄")):
                if lit:
                    image.paste(255, (x * scale, (2 * y + half) * scale, (x + 1) * scale, (2 * y + half + 1) * scale))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, f"expected one QR code, decoded {len(found)}"
    return found[0].text
