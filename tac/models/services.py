"""The local directory of services a family can be signposted or referred to."""

from __future__ import annotations

from tac.models.base import Name, Record, Text


class LocalService(Record):
    """A service in the borough: what it offers, for whom, and how a family gets to it.

    A service that closes is marked inactive, never deleted: it is no longer offered, but
    decisions and actions that named it still read its name.
    """

    name: Name
    offers: Text = ""
    for_whom: Text = ""
    ages: Text = ""
    area: Text = ""
    how_to_refer: Text = ""
    contact: Text = ""
    active: bool = True

    def referral_line(self) -> str:
        """`Castlebridge Food Bank (voucher from any professional)`: the service and how to
        refer to it, as an action or the minutes say it."""
        return f"{self.name} ({self.how_to_refer})" if self.how_to_refer else self.name
