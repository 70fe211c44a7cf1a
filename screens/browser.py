"""One browser's session of `tac serve`: the app, started at the sign-in screen.

textual-serve runs `python -m screens.browser --db PATH` for each browser that opens the
page, and relays the screen and the keys over the page's websocket. The process runs as the
account that serves TAC, which owns the database file; a person at a browser is not that
account, so nobody is signed in until they give their own name and password.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Run the app for one browser session, at the sign-in screen."""
    parser = argparse.ArgumentParser(
        prog="python -m screens.browser",
        description="One browser session of `tac serve` (started by it, not by hand).")
    parser.add_argument("--db", required=True, metavar="PATH", help="the database file")
    args = parser.parse_args(argv)

    from screens.app import TacApp
    from tac.access.roles import Origin

    app = TacApp(db_path=Path(args.db), principal=None, origin=Origin.BROWSER)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
