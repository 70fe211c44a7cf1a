"""TAC: early help screening and team-around-the-child meetings, recorded in one SQLite file."""

__version__ = "0.1.0"
