"""The screening and TAC meeting workflows: opening, what is missing, finishing.

`tac_meeting` and `screening` each read what a meeting needs when it opens, start a draft
(or resume the one you kept), say what is missing before finishing, and finish in one
transaction that checks nothing it read was saved by someone else since. `tac_draft` is
the TAC meeting as typed and the record it makes; `carry` is the plan a review carries
forward from the meeting before; `drafts` keeps each person's meeting in progress apart;
`versions` is what a meeting read when it started; `held_on` is the day a meeting was
held, as typed (today or before); `correction` lets a finished TAC meeting's chair
correct its record, marked revised.

    from tac.meetings import tac_meeting
    opening = tac_meeting.open_tac_meeting(store, family_id)
    draft = tac_meeting.start_tac_meeting(opening, held_on=date.today())
    meeting = tac_meeting.finish_tac_meeting(store, draft)

Nothing here knows a screen exists.
"""
