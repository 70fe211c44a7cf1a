"""Widgets shared by TAC's screens, grouped by the part of the screen they serve."""
