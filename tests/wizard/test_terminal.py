"""End to end in a real pseudo-terminal: `python -m dvc_cli wizard` runs under pexpect at 80×24, a
terminal emulator (pyte) keeps the screen, and the test types like a clerk, waiting for each
question to appear on screen before answering. It also measures how many keys a practised clerk
presses for a standard birth registration with an existing citizen, and how long the tool takes.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
from pathlib import Path

import pexpect
import pyte

from tests.conftest import AGENCY_ID, CITIZEN_ID, NOW, jpeg_bytes, pdf_bytes
from tests.qrkit import ROBOTO, pdf_text

ENTER = "\r"


class Terminal:
    """A program in a pseudo-terminal, its screen as a person sees it, and the keys pressed."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str], cols: int = 80, rows: int = 24) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.keys = 0
        self.raw = bytearray()
        self.child = pexpect.spawn(sys.executable, args, cwd=str(cwd), env=env, dimensions=(rows, cols))

    def _pump(self, timeout: float) -> bool:
        """Feed what the program wrote to the screen; False once it has ended."""
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.raw += data
        self.stream.feed(data)
        for _ in range(data.count(b"\x1b[6n")):  # answer "where is the cursor?" as a real terminal does
            self.child.send(f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R")
        return True

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, text: str, timeout: float = 20) -> None:
        """Read output until `text` is on the screen."""
        deadline = time.monotonic() + timeout
        running = True
        while text not in self.text():
            if not running or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.text()}")
            running = self._pump(0.05)

    def type(self, text: str) -> None:
        """Type `text` (one key per character) and press Enter."""
        self.child.send(text + ENTER)
        self.keys += len(text) + 1

    def enter(self) -> None:
        self.type("")

    def finish(self, timeout: float = 20) -> int:
        """Read to the end; return the exit status."""
        deadline = time.monotonic() + timeout
        while self._pump(0.1) and time.monotonic() < deadline:
            pass
        self.child.close()
        return self.child.exitstatus


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DVC_", "COLUMNS", "LINES"))}
    env.update({"DVC_DB": str(db), "DVC_NOW": NOW, "DVC_CLERK": "Trần Thị Bình", "TERM": "xterm-256color",
                "DVC_FONT": str(ROBOTO)})
    return env


def _papers(folder: Path) -> None:
    (folder / "tk.pdf").write_bytes(pdf_bytes("To khai"))
    (folder / "cs.jpg").write_bytes(jpeg_bytes())


def _citizen_chosen(db: Path, folder: Path) -> Terminal:
    """Start the wizard in `folder` (with two scans in it) and pick the citizen by ID number."""
    _papers(folder)
    term = Terminal(["-m", "dvc_cli", "wizard"], folder, _env(db))
    term.wait_for("Bước 1/7")
    term.type(CITIZEN_ID)
    term.wait_for("Đúng người này?")
    term.enter()
    term.wait_for("Bước 2/7")
    return term


def test_a_practised_clerk_registers_a_birth_for_an_existing_citizen(cli, desk, db, tmp_path):
    started = time.monotonic()
    term = _citizen_chosen(db, tmp_path)
    term.type("1.001193")
    term.wait_for("Chọn thủ tục này?")
    term.enter()
    term.wait_for("(nếu có)?")
    term.enter()  # no conditional papers
    term.wait_for("Tờ khai đăng ký khai sinh")
    term.enter()  # attach a scan
    term.wait_for("Đường dẫn tệp")
    term.type("tk.pdf")
    term.wait_for("Giấy chứng sinh (Bản chính)")
    term.enter()
    term.wait_for("Đường dẫn tệp cho “Giấy chứng sinh”")
    term.type("cs.jpg")
    term.wait_for("Kênh nộp:")
    term.enter()
    term.wait_for("Nhận kết quả:")
    term.enter()
    term.wait_for("Thông tin đã đúng?")
    term.enter()
    term.wait_for("thuộc diện được miễn?")  # an on-time birth registration: no fee
    term.type("c")
    term.wait_for("Lý do miễn")
    term.enter()  # the catalogue's reason: registered within 60 days
    term.wait_for("Tiếp nhận hồ sơ và cấp mã?")
    term.enter()
    term.wait_for("Đã tiếp nhận hồ sơ")
    term.wait_for("In giấy tiếp nhận ra PDF")
    term.enter()  # yes: print the receipt
    term.wait_for("Đã lưu phiếu")
    assert term.finish() == 0
    seconds = time.monotonic() - started

    code = f"{AGENCY_ID}-261123-0001"
    screen = term.text()
    assert code in screen and "23/11/2026" in screen and "Nguyễn Văn An" in screen
    assert all(len(row) <= 80 for row in term.screen.display)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT code, status FROM dossiers").fetchall() == [(code, 2)]
    assert conn.execute("SELECT doc_key FROM attachments ORDER BY id").fetchall() == [("to_khai",), ("giay_chung_sinh",)]
    conn.close()
    (receipt,) = db.with_suffix(".slips").glob("*.pdf")
    assert code in pdf_text(receipt) and "Nguyễn Văn An" in pdf_text(receipt)
    # The measurement quoted in the README: keys pressed, and the tool's own time with the script
    # answering each question as soon as it appears (a person adds their typing time to this).
    print(f"\nwizard, birth registration, existing citizen: {term.keys} keystrokes, {seconds:.1f} s")
    assert term.keys == 49


def test_closing_the_terminal_midway_keeps_the_draft(cli, desk, db, tmp_path):
    term = _citizen_chosen(db, tmp_path)
    term.type("khai sinh")
    term.wait_for("Chọn thủ tục:")
    term.enter()
    term.wait_for("Chọn thủ tục này?")
    term.enter()
    term.wait_for("(nếu có)?")
    term.enter()
    term.wait_for("Tờ khai đăng ký khai sinh")
    term.enter()
    term.wait_for("Đường dẫn tệp")
    term.type("tk.pdf")
    term.wait_for("Giấy chứng sinh (Bản chính)")
    term.child.close(force=True)  # the window is closed: SIGHUP, then the process is gone

    conn = sqlite3.connect(db)
    assert conn.execute("SELECT id, status, code FROM dossiers").fetchall() == [(1, 0, None)]
    assert conn.execute("SELECT doc_key FROM attachments").fetchall() == [("to_khai",)]
    conn.close()
    again = Terminal(["-m", "dvc_cli", "wizard", "--resume", "1"], tmp_path, _env(db))
    again.wait_for("Tiếp tục hồ sơ nháp số 1")
    again.wait_for("Bước 4/7")
    again.wait_for("(nếu có)?")  # the question is up (the terminal is in raw mode): Ctrl-C reaches it
    again.child.sendcontrol("c")
    again.wait_for("dvc-cli wizard --resume 1")
    assert again.finish() == 130


def test_no_colour_with_no_color(cli, desk, db, tmp_path):
    env = {**_env(db), "NO_COLOR": "1"}
    term = Terminal(["-m", "dvc_cli", "wizard"], tmp_path, env)
    term.wait_for("Bước 1/7")
    term.wait_for("hoặc họ tên công dân:")
    term.child.sendcontrol("c")
    term.finish()
    styles = {code for params in re.findall(rb"\x1b\[([0-9;]*)m", bytes(term.raw)) for code in params.split(b";")}
    colours = {c for c in styles if c and (30 <= int(c) <= 49 or 90 <= int(c) <= 107)}
    assert colours == set(), f"colour codes with NO_COLOR: {sorted(colours)}"
    assert styles  # the check itself sees the (colourless) styles: bold, dim, reset
