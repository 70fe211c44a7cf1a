"""The front door: finding who is already known, and taking referrals in.

`matching` finds the people and families a referral may be about, by the rules a person at
the front door would use; `referral_file` reads a CSV file of referrals and takes them in
(`tac referrals import`).
"""
