"""Who may see what: the people who sign in, their roles, and the rules the store enforces.

`roles` says who is at the keyboard (`Principal`: a signed-in user, or the owner of the
database file at its terminal); `permissions` is the role table, one pure function per
question, so the store, the CLI and the screens ask the same rule and get the same
one-line refusal.
"""
