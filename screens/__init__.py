"""TAC's Textual app: `screens.app.TacApp` hosts one module per screen.

Kept empty of imports on purpose: `tac` starts faster when nothing here loads until the
app asks for it.
"""
