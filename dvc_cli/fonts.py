"""Finding a TrueType font that has every Vietnamese letter, for the printed slips.

Order: `--font FILE`, then `DVC_FONT`, then the office's setting (`office set --font`), then the
usual font folders of Linux, macOS and Windows, preferring the faces of official documents
(Times New Roman) and then well-known free families. A bold face is looked for beside the
regular one (`X-Bold.ttf`, `Xbd.ttf`, `X Bold.ttf`); without one, the regular face is used for both.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from dvc_cli.errors import Conflict, InvalidInput

VIETNAMESE = "ĐđĂăÂâÊêÔôƠơƯưÁáÀàẢảÃãẠạẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặÉéÈèẺẻẼẽẸẹẾếỀềỂểỄễỆệÍíÌìỈỉĨĩỊị" \
    "ÓóÒòỎỏÕõỌọỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợÚúÙùỦủŨũỤụỨứỪừỬửỮữỰựÝýỲỳỶỷỸỹỴỵ"
"""Every letter of Vietnamese beyond ASCII (precomposed, as text is stored in NFC)."""

# (regular, bold) file names, best first: official-document serif faces, then common sans faces.
CANDIDATES: tuple[tuple[str, str], ...] = (
    ("times.ttf", "timesbd.ttf"),
    ("Times New Roman.ttf", "Times New Roman Bold.ttf"),
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("Roboto-Regular.ttf", "Roboto-Bold.ttf"),
)

SYSTEM_DIRS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
)
"""Font folders of the machine (tests replace this to simulate a machine without fonts)."""


@dataclass(frozen=True)
class FontPair:
    """A regular face and a bold face (possibly the same file)."""

    regular: Path
    bold: Path


def user_dirs() -> list[Path]:
    """The per-user font folders and, on Windows, the system one."""
    home = Path.home()
    dirs = [
        Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "fonts",
        home / ".fonts",
        home / "Library" / "Fonts",
    ]
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        if os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _index(dirs: list[Path]) -> dict[str, Path]:
    """Every .ttf file under `dirs`, by lower-cased file name (first found wins)."""
    found: dict[str, Path] = {}
    for root in dirs:
        try:
            paths = sorted(root.rglob("*.[tT][tT][fF]")) if root.is_dir() else []
        except OSError:
            continue
        for path in paths:
            found.setdefault(path.name.lower(), path)
    return found


def bold_beside(regular: Path) -> Path:
    """The bold face next to a regular one, by the usual naming conventions; else the regular."""
    stem, suffix = regular.stem, regular.suffix
    base = stem[: -len("-Regular")] if stem.endswith("-Regular") else stem
    for name in (f"{base}-Bold{suffix}", f"{base}bd{suffix}", f"{base} Bold{suffix}", f"{base}-bold{suffix}"):
        candidate = regular.with_name(name)
        if candidate != regular and candidate.is_file():
            return candidate
    return regular


def missing_letters(path: Path) -> str:
    """The Vietnamese letters a font file has no glyph for; refuses a file that is not a font."""
    from fontTools.ttLib import TTFont, TTLibError  # a dependency of fpdf2; imported only to print

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
    except (TTLibError, OSError, AssertionError, KeyError, ValueError):
        raise InvalidInput("font.unreadable", path=str(path)) from None
    return "".join(ch for ch in VIETNAMESE if ord(ch) not in cmap)


def _given(path: Path) -> FontPair:
    if not path.is_file():
        raise InvalidInput("font.missing", path=str(path))
    missing = missing_letters(path)
    if missing:
        raise InvalidInput("font.no_vietnamese", path=str(path), letters=missing[:12])
    bold = bold_beside(path)
    if bold != path and missing_letters(bold):
        bold = path
    return FontPair(path, bold)


def find(given: str | None = None, office_font: str | None = None) -> FontPair:
    """The font to print with (see the module's docstring); exit 4 with a how-to when none is found."""
    explicit = given or os.environ.get("DVC_FONT") or office_font
    if explicit:
        return _given(Path(explicit).expanduser())
    index = _index([*user_dirs(), *(Path(d) for d in SYSTEM_DIRS)])
    for regular, bold in CANDIDATES:
        path = index.get(regular.lower())
        if path is None or missing_letters(path):
            continue
        bold_path = index.get(bold.lower())
        return FontPair(path, bold_path if bold_path and not missing_letters(bold_path) else path)
    raise Conflict("font.none")
