"""The front door: finding who is already known, and taking referrals in.

- `matching`: search before create. `find_people(store, query)` and
  `find_families(store, query)` (words typed, or a `PersonQuery` of names, date of birth,
  NHS number, postcode) return ranked `Match`es: the family (status, level, history), the
  person who matched, the family's last referral, how sure (same person, possible, found)
  and why.
- `referrals`: taking one referral in (`new_family`, `join`, `take_referral`) and settling a
  possible match (`confirm_new_family`, `attach_to_family`).
- `referral_file` and `referral_import`: a CSV file of referrals (`tac referrals import`),
  read and checked whole (`read_referral_file`), planned (`plan_import`, what `--dry-run`
  prints) and taken in (`take_in`), by the same rules.
"""
