"""The team in a browser: `tac serve` started for real on a small demo database, its page
read over HTTP, and Debian's headless Chromium (driven by selenium) signing in as a partner.

What the browser's terminal shows is read from xterm.js's own buffer: a script the test
adds to the page before textual.js runs keeps the terminal it makes (xterm.js draws on a
canvas, so its rows are not in the page's DOM). The browser tests skip, saying why, where
Chromium or its driver is not installed.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from tac.access.roles import Role
from tac.access.users import add_user
from tac.cli import main as tac
from tac.models import Action, ActionStatus, Agency, Consent, ConsentHow, Family, Professional
from tac.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,1000",
]
PARTNER = "Jo Bloggs"
PASSWORD = "Correct-Horse-Battery-9"
ACTION = "Morning check-in at the gate"
REFERENCE = re.compile(r"EH-\d{4}-\d{4}")
WAIT = 30.0
"""Seconds to wait for the browser's screen: the first session imports the app cold."""


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    db: Path
    reference: str
    """The one family the partner is on the team of, inside its consent."""
    other_references: frozenset[str]
    action_id: str
    log: Path
    """What the server printed, its sessions' errors among it."""


def _partner_on_one_family(db: Path) -> tuple[str, str, frozenset[str]]:
    """Jo Bloggs of Abbey Fields School, a partner: owns an action on one open family, whose
    newest consent includes the school. Returns that family's reference, the action's id and
    every other family's reference."""
    today = date.today()
    with Store.open(db, actor="Test Owner", create=False) as store:
        family = next(f for f in store.families() if f.is_open and f.consent_in_force(today))
        school = store.save(Agency(name="Abbey Fields School", kind="school"))
        jo = store.save(Professional(name=PARTNER, role="Class teacher", agency_id=school.id))
        consent = family.consent_in_force(today)
        assert consent is not None
        renewed = Consent(given_by=consent.given_by, given_on=today, how=ConsentHow.WRITTEN,
                          agency_ids=[*consent.agencies_on(today), school.id], scope=consent.scope)
        family = store.get(Family, family.id)
        family.consents = [*family.consents, renewed]
        store.save(family)
        action = store.save(Action(family_id=family.id, what=ACTION, professional_id=jo.id,
                                   agreed_on=today - timedelta(days=7), due_on=today + timedelta(days=2)))
        add_user(store, PARTNER, Role.PARTNER, PASSWORD)
        others = frozenset(f.reference for f in store.families()) - {family.reference}
        return family.reference, action.id, others


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def _serving(db: Path, folder: Path) -> Iterator[tuple[subprocess.Popen, int]]:
    """`tac serve` on a free port of the loopback address, answering; stopped after."""
    port = _free_port()
    # The server and its sessions keep their settings and crash reports here.
    env = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
           "XDG_DATA_HOME": str(folder / "data"), "XDG_STATE_HOME": str(folder / "state"),
           "XDG_CACHE_HOME": str(folder / "cache")}
    with (folder / "serve.log").open("a") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "tac.cli", "--db", str(db), "serve", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    if _get(f"http://127.0.0.1:{port}/")[0] == 200:
                        break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"tac serve did not answer: {(folder / 'serve.log').read_text()[-800:]}")
                time.sleep(0.1)
            yield server, port
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`tac serve` on a demo database of 8 families, one partner on one family's team."""
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "tac.db"
    assert tac(["--db", str(db), "demo", "--families", "8"]) == 0
    reference, action_id, others = _partner_on_one_family(db)
    with _serving(db, folder) as (_, port):
        yield Served(f"http://127.0.0.1:{port}/", port, db, reference, others, action_id,
                     folder / "serve.log")


def _descendants(pid: int) -> list[int]:
    """Every process started by `pid`, and by those, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


# --- the page, over HTTP ---------------------------------------------------------------

ADDRESS = re.compile(rb"(?:https?|wss?)://[^\s\"'<>)]+")
COMMENT = re.compile(rb"/\*.*?\*/", re.DOTALL)


def test_the_page_loads_nothing_from_outside_the_server(served: Served) -> None:
    status, page = _get(served.url)
    assert status == 200
    assert b'class="textual-terminal"' in page
    addresses = {a.decode() for a in ADDRESS.findall(page)}
    own = (f"http://127.0.0.1:{served.port}/", f"ws://127.0.0.1:{served.port}/")
    assert addresses and all(a.startswith(own) for a in addresses), addresses
    # What the page loads is there, and loads nothing from elsewhere in its turn.
    for address in addresses - {f"ws://127.0.0.1:{served.port}/ws"}:
        status, body = _get(address)
        assert status == 200, address
        if address.endswith((".js", ".css")):  # licence comments may name their authors' sites
            assert not ADDRESS.findall(COMMENT.sub(b"", body)), address


def test_behind_a_reverse_proxy_the_page_names_the_address_the_browser_used(served: Served) -> None:
    status, page = _get(served.url, {"Host": "tac.example.gov.uk", "X-Forwarded-Proto": "https"})
    assert status == 200
    addresses = {a.decode() for a in ADDRESS.findall(page)}
    assert "wss://tac.example.gov.uk/ws" in addresses
    assert all(a.startswith(("https://tac.example.gov.uk/", "wss://tac.example.gov.uk/"))
               for a in addresses), addresses


def test_a_page_from_another_site_cannot_open_a_session(served: Served) -> None:
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    status, body = _get(served.url + "ws", {**upgrade, "Origin": "https://elsewhere.example"})
    assert status == 403
    assert b"only from TAC's own page" in body


def test_serve_refuses_a_database_that_does_not_exist(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "none.db"
    assert tac(["--db", str(missing), "serve", "--port", str(_free_port())]) == 2
    assert f"there is no database at {missing}" in capsys.readouterr().err
    assert not missing.exists()


def test_serve_says_so_when_its_port_is_taken(served: Served, capsys: pytest.CaptureFixture) -> None:
    assert tac(["--db", str(served.db), "serve", "--port", str(served.port)]) == 2
    assert f"cannot serve on 127.0.0.1:{served.port}: " in capsys.readouterr().err


async def test_stopping_serve_ends_each_browser_session(served: Served, tmp_path: Path) -> None:
    import aiohttp

    with _serving(served.db, tmp_path) as (server, port):
        url = f"http://127.0.0.1:{port}/"
        async with aiohttp.ClientSession() as http, http.ws_connect(
                f"{url}ws?width=100&height=30", origin=url.rstrip("/")) as page:
            first = await asyncio.wait_for(page.receive(), WAIT)  # the session's app has started
            assert first.type is aiohttp.WSMsgType.BINARY
            sessions = _descendants(server.pid)
            assert sessions
            server.terminate()  # as Ctrl+C or `systemctl stop` do
            while not page.closed:  # the page is told the session ended, at once
                await asyncio.wait_for(page.receive(), 10)
        assert server.wait(timeout=10) == 0
    assert not [pid for pid in sessions if Path(f"/proc/{pid}").exists()]


# --- in Chromium -----------------------------------------------------------------------

KEEP_THE_TERMINAL = """
// Keep each xterm.js terminal textual.js makes, so that the test can read its rows.
window.tacTerminals = [];
Object.defineProperty(Object.prototype, "_core", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_core", {value, writable: true, configurable: true, enumerable: true});
    if (typeof this.loadAddon === "function") window.tacTerminals.push(this);
  },
});
"""
READ_THE_TERMINAL = """
const terminal = window.tacTerminals && window.tacTerminals[0];
if (!terminal) return "";
const buffer = terminal.buffer.active, rows = [];
for (let y = 0; y < terminal.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : "");
}
return rows.join("\\n");
"""
FIELD_COLOURS = """
// The colour of each row's first field border (a Textual Input's left edge, "▊"), or null.
const terminal = window.tacTerminals[0], buffer = terminal.buffer.active, colours = [];
for (let y = 0; y < terminal.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  let colour = null;
  for (let x = 0; line && x < terminal.cols; x++) {
    const cell = line.getCell(x);
    if (cell && cell.getChars() === "\u258a") {
      colour = cell.getFgColorMode() + ":" + cell.getFgColor();
      break;
    }
  }
  colours.push(colour);
}
return colours;
"""


class Browser:
    """Headless Chromium on the served page: reads the terminal's screen and types keys."""

    def __init__(self, driver, screenshots: Path, log: Path) -> None:  # noqa: ANN001 (selenium's)
        self.driver = driver
        self.screenshots = screenshots
        self.log = log

    def screen(self) -> str:
        return self.driver.execute_script(READ_THE_TERMINAL) or ""

    def wait_until(self, what: str, shows: Callable[[str], bool]) -> str:
        """The screen once `shows(screen)` is true; fails, with the screen, after WAIT s."""
        deadline = time.monotonic() + WAIT
        while True:
            screen = self.screen()
            if shows(screen):
                return screen
            if time.monotonic() > deadline:
                self.driver.save_screenshot(str(self.screenshots / "failed.png"))
                if not self.driver.execute_script("return window.tacTerminals.length"):
                    pytest.fail("no xterm.js terminal was found in the page: has textual-serve's "
                                "textual.js changed how it makes one? (see KEEP_THE_TERMINAL)")
                pytest.fail(f"the browser never showed {what}; its terminal showed:\n{screen}\n"
                            f"and the server's last words were:\n{self.log.read_text()[-1500:]}")
            time.sleep(0.1)

    def wait_for(self, text: str) -> str:
        return self.wait_until(repr(text), lambda screen: text.casefold() in screen.casefold())

    def field_colour(self, label: str) -> str | None:
        """The border colour of the field under `label`: a focused field's differs."""
        rows = self.screen().split("\n")
        colours = self.driver.execute_script(FIELD_COLOURS)
        at = next((n for n, row in enumerate(rows) if re.search(rf"│\s+{label}\s+│", row)), None)
        if at is None:
            return None
        return next((c for c in colours[at + 1:] if c is not None), None)

    def sign_in(self, name: str, password: str) -> None:
        """Type the name and password at the sign-in screen, then Enter. Each key goes to the
        field focused when the app reads it, so the next field is awaited before typing on."""
        from selenium.webdriver.common.keys import Keys

        self.wait_for("Password")
        self.press(name)
        self.wait_for(name)
        focused = self.field_colour("Name")
        self.press(Keys.TAB)
        self.wait_until("the password field focused",
                        lambda screen: self.field_colour("Password") == focused)
        self.press(password)
        self.wait_until("the password typed", lambda screen: "•" * len(password) in screen)
        self.press(Keys.ENTER)

    def press(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        # Keys go to xterm.js's hidden text area, as they do when a person types.
        area = self.driver.find_element("css selector", ".xterm-helper-textarea")
        self.driver.execute_script("arguments[0].focus()", area)
        ActionChains(self.driver).send_keys(*keys).perform()


@pytest.fixture
def browser(served: Served, tmp_path: Path) -> Iterator[Browser]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip(f"Chromium is not installed ({CHROMIUM}, {CHROMEDRIVER}): "
                    "apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="tac-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_THE_TERMINAL})
        driver.get(served.url)
        yield Browser(driver, tmp_path, served.log)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_a_browser_session_starts_at_the_sign_in_screen(browser: Browser) -> None:
    screen = browser.wait_for("Password")
    assert "sign in" in screen.casefold()
    assert not REFERENCE.search(screen), "a family is shown before anyone has signed in"


def test_a_partner_signs_in_sees_only_their_family_and_marks_their_action_done(
    served: Served, browser: Browser
) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.sign_in(PARTNER, PASSWORD)
    home = browser.wait_for(ACTION)  # their action, due in two days, on their first screen
    assert "password" not in home.casefold()
    assert set(REFERENCE.findall(home)) <= {served.reference}

    browser.press(Keys.F3)  # every family they may see
    families = browser.wait_for(served.reference)
    assert set(REFERENCE.findall(families)) == {served.reference}
    assert not served.other_references & set(REFERENCE.findall(families))

    browser.press(Keys.F4)  # their actions
    browser.wait_for(f"My actions · {PARTNER}")
    browser.wait_for(ACTION)
    browser.press("d")
    browser.wait_for("Mark this action done")
    browser.press("Came to the gate every morning for a fortnight", Keys.ENTER)
    browser.wait_for("Marked done.")

    with Store.open(served.db, actor="Test Owner", create=False) as store:
        action = store.get(Action, served.action_id)
        trail = store.audit_trail(record_id=served.action_id)
    assert action.status is ActionStatus.DONE
    assert action.completed_on == date.today()
    assert action.progress[-1].by == PARTNER
    assert action.progress[-1].text == "Came to the gate every morning for a fortnight"
    assert trail[0].actor == PARTNER  # the newest audit record of the action: theirs
