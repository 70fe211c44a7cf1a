"""The command palette (ctrl+p): start any screen, or find any family by reference or name."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

# Words people type before a family's name ("open smith", "tac meeting smith") that are
# not part of any name or reference.
_COMMAND_WORDS = {"open", "family", "families", "tac", "meeting", "for", "start", "new"}

FAMILY_HITS = 6
"""How many families a search offers; more would push the screens off the list."""


class TacCommands(Provider):
    """Screens by name, and families found through the store's own search."""

    def _screens(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app: Any = self.app
        return [
            ("Home", "Today's meetings, the queue, my actions, late reviews", app.action_open_home),
            ("Families", "Find a family as you type", app.action_open_families),
            ("My actions", "My actions across families, overdue first",
             app.action_open_my_actions),
            ("New screening meeting", "Work through the referrals awaiting screening",
             app.action_open_screening),
            ("Directory: professionals and agencies",
             "Find, add or correct a professional or agency; mark one who has left",
             app.action_open_professionals),
            ("Directory: local services",
             "Services to signpost or refer families to: find, add, correct, mark closed",
             app.action_open_local_services),
            ("New referral", "Take a referral in: who is known first, then the referral",
             app.action_new_referral),
            ("Export a batch of Word documents",
             "Minutes of finished meetings and plans of open families, with progress",
             app.action_open_batch_export),
            ("Retention: families past it",
             "Closed families kept longer than the council's retention; erase one "
             "(administrators)", app.action_open_retention),
            *self._oversight(),
            ("Users", "Who may sign in: add a user, reset a password, disable, second factor",
             app.action_open_users),
            *self._signing_out(),
            *self._on_this_screen(),
        ]

    def _oversight(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app: Any = self.app
        # Offered only to those the core lets see the figures (it refuses anyone else).
        if not app.check_action("open_oversight", ()):
            return []
        return [("Oversight",
                 "Drift now, caseload, flow and impact; each figure opens its families",
                 app.action_open_oversight)]

    def _signing_out(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app: Any = self.app
        who = getattr(app, "principal", None)
        if who is None:
            return []
        if who.owner:
            return [("Sign in as someone else",
                     "Work as a user with their own role; Escape on the sign-in screen comes back",
                     app.action_sign_out)]
        return [("Sign out", "Leave TAC for the next person; a meeting's draft is kept",
                 app.action_sign_out)]

    def _on_this_screen(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """What the screen the palette was opened over offers (the family record's keys)."""
        screen: Any = self.screen
        offered = []
        correct = getattr(screen, "action_correct_meeting", None)
        if correct is not None and screen.check_action("correct_meeting", ()):
            # offered only where it is this person's to do (the store would refuse otherwise)
            offered.append(("Correct a finished TAC meeting of this family",
                            "Its chair puts its record right; the minutes are marked revised",
                            correct))
        if hasattr(screen, "action_history") and screen.may_read_history():
            offered.append(("History of this family",
                            "Who changed what, who looked and who was refused, oldest first",
                            screen.action_history))
        return offered

    async def discover(self) -> Hits:
        for name, help_text, command in self._screens():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._screens():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
        async for hit in self._families(query):
            yield hit

    async def _families(self, query: str) -> Hits:
        app: Any = self.app
        store = getattr(app, "store", None)
        words = query.split()
        wants_meeting = any(w.lower() in {"tac", "meeting"} for w in words)
        while words and words[0].lower() in _COMMAND_WORDS:
            words.pop(0)
        text = " ".join(words)
        if store is None or len(text) < 2:
            return
        rows = await asyncio.to_thread(store.family_rows, text, False, FAMILY_HITS)
        for position, row in enumerate(rows):
            # The store ranks its matches; keep that order, above fuzzy screen-name hits.
            score = 0.95 - position * 0.01
            label = f"{row.name}  {row.postcode}".rstrip()
            # Content, not str: the palette reads a str as markup, and names are typed.
            open_hit = Hit(
                score - (0.2 if wants_meeting else 0.0), Content(f"Open family {label}"),
                partial(app.action_open_family, row.id),
                help=_family_help(row),  # type: ignore[arg-type]
            )
            meeting_hit = Hit(
                score - (0.0 if wants_meeting else 0.2),
                Content(f"TAC meeting for {row.name}"),
                partial(app.action_open_tac_meeting, row.id),
                help="Start the family's next TAC meeting, or carry on with one in progress",
            )
            yield open_hit
            yield meeting_hit


def _family_help(row: Any) -> Content:
    lead = row.lead_professional or "no lead professional"
    level = f"level {row.level}" if row.level else "level not set"
    return Content(f"{row.status.replace('_', ' ')} · {level} · {lead}")
