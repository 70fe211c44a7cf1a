"""The database's tables, as ordered migrations. The schema version is `PRAGMA user_version`.

A migration is never edited once released: a change is a new migration appended here.
Tables are named in the field's words so an analyst can query them with `sqlite3`,
`sqlite-utils` or Datasette; docs/database.md describes each one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tac.models.people import reference_order
from tac.names import family_search_text

APPLICATION_ID = 0x54414331  # "TAC1": marks a file as a TAC database

_RECORD = """
    version INTEGER NOT NULL,
    updated_at TEXT,
    updated_by TEXT"""

_V1 = f"""
CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',{_RECORD}
);
CREATE TABLE professionals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    agency_id TEXT REFERENCES agencies(id),
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',{_RECORD}
);
CREATE TABLE families (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    level INTEGER,
    lead_professional_id TEXT REFERENCES professionals(id),
    display_name TEXT NOT NULL,
    search_text TEXT NOT NULL,{_RECORD}
);
CREATE TABLE family_members (
    family_id TEXT NOT NULL REFERENCES families(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    relationship TEXT NOT NULL DEFAULT '',
    subject INTEGER NOT NULL DEFAULT 0,
    date_of_birth TEXT,
    school_or_setting TEXT NOT NULL DEFAULT '',
    gp TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    interpreter_needed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE consents (
    family_id TEXT NOT NULL REFERENCES families(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    given_by TEXT NOT NULL,
    given_on TEXT NOT NULL,
    agency_ids TEXT NOT NULL DEFAULT '[]',
    scope TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT
);
CREATE TABLE lead_professional_terms (
    family_id TEXT NOT NULL REFERENCES families(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    professional_id TEXT NOT NULL REFERENCES professionals(id),
    started_on TEXT NOT NULL,
    ended_on TEXT
);
CREATE TABLE family_status_changes (
    family_id TEXT NOT NULL REFERENCES families(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    status TEXT NOT NULL,
    level INTEGER NOT NULL,
    reason TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE chronology_events (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES families(id),
    person_id TEXT,
    occurred_on TEXT NOT NULL,
    agency_id TEXT REFERENCES agencies(id),
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    significance TEXT NOT NULL,{_RECORD}
);
CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES families(id),
    received_on TEXT NOT NULL,
    referrer_name TEXT NOT NULL,
    referrer_agency_id TEXT REFERENCES agencies(id),
    concerns TEXT NOT NULL,
    consent_obtained INTEGER NOT NULL,
    status TEXT NOT NULL,{_RECORD}
);
CREATE TABLE screening_meetings (
    id TEXT PRIMARY KEY,
    held_on TEXT NOT NULL,
    chair_id TEXT NOT NULL REFERENCES professionals(id),
    attendee_ids TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,{_RECORD}
);
CREATE TABLE screening_decisions (
    meeting_id TEXT NOT NULL REFERENCES screening_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    outcome TEXT NOT NULL,
    level INTEGER NOT NULL,
    rationale TEXT NOT NULL,
    signposted_to TEXT NOT NULL DEFAULT '',
    allocated_to_id TEXT REFERENCES professionals(id),
    due_on TEXT,
    dissent TEXT NOT NULL DEFAULT '',
    referrer_informed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tac_meetings (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES families(id),
    kind TEXT NOT NULL,
    held_on TEXT NOT NULL,
    chair_id TEXT REFERENCES professionals(id),
    minute_taker TEXT,
    status TEXT NOT NULL,
    consent_confirmed INTEGER NOT NULL DEFAULT 0,
    family_voice TEXT NOT NULL DEFAULT '',
    lead_professional_id TEXT REFERENCES professionals(id),
    next_review_on TEXT,
    closure_reason TEXT,{_RECORD}
);
CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES tac_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    professional_id TEXT REFERENCES professionals(id),
    person_id TEXT,
    status TEXT NOT NULL,
    update_given TEXT NOT NULL DEFAULT ''
);
CREATE TABLE child_voices (
    meeting_id TEXT NOT NULL REFERENCES tac_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    worries TEXT NOT NULL DEFAULT '',
    good_things TEXT NOT NULL DEFAULT '',
    dreams TEXT NOT NULL DEFAULT ''
);
CREATE TABLE action_reviews (
    meeting_id TEXT NOT NULL REFERENCES tac_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    action_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE assessment_items (
    meeting_id TEXT NOT NULL REFERENCES tac_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    assessment_column TEXT NOT NULL,
    category TEXT,
    text TEXT NOT NULL,
    domain TEXT
);
CREATE TABLE danger_statements (
    meeting_id TEXT NOT NULL REFERENCES tac_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    family_disagrees TEXT NOT NULL DEFAULT ''
);
CREATE TABLE safety_goals (
    meeting_id TEXT NOT NULL REFERENCES tac_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    danger_statement_id TEXT,
    score INTEGER
);
CREATE TABLE scaling_scores (
    meeting_id TEXT NOT NULL REFERENCES tac_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    professional_id TEXT REFERENCES professionals(id),
    person_id TEXT,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE actions (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES families(id),
    meeting_id TEXT REFERENCES tac_meetings(id),
    what TEXT NOT NULL,
    professional_id TEXT REFERENCES professionals(id),
    person_id TEXT,
    agreed_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    success_measure TEXT NOT NULL DEFAULT '',
    need_domain TEXT,
    status TEXT NOT NULL,
    completed_on TEXT,{_RECORD}
);
CREATE TABLE action_progress (
    action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    written_by TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    operation TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    family_id TEXT,
    before TEXT,
    after TEXT
);
CREATE INDEX family_members_by_family ON family_members(family_id);
CREATE INDEX consents_by_family ON consents(family_id);
CREATE INDEX lead_terms_by_family ON lead_professional_terms(family_id);
CREATE INDEX status_changes_by_family ON family_status_changes(family_id);
CREATE INDEX chronology_by_family ON chronology_events(family_id, occurred_on);
CREATE INDEX referrals_by_family ON referrals(family_id);
CREATE INDEX referrals_by_status ON referrals(status, received_on);
CREATE INDEX decisions_by_meeting ON screening_decisions(meeting_id);
CREATE INDEX tac_meetings_by_family ON tac_meetings(family_id, held_on);
CREATE INDEX attendance_by_meeting ON meeting_attendance(meeting_id);
CREATE INDEX child_voices_by_meeting ON child_voices(meeting_id);
CREATE INDEX action_reviews_by_meeting ON action_reviews(meeting_id);
CREATE INDEX assessment_by_meeting ON assessment_items(meeting_id);
CREATE INDEX danger_by_meeting ON danger_statements(meeting_id);
CREATE INDEX goals_by_meeting ON safety_goals(meeting_id);
CREATE INDEX scaling_by_meeting ON scaling_scores(meeting_id);
CREATE INDEX actions_by_family ON actions(family_id, status, due_on);
CREATE INDEX actions_by_professional ON actions(professional_id, status, due_on);
CREATE INDEX progress_by_action ON action_progress(action_id);
CREATE INDEX audit_by_record ON audit_log(record_id);
"""

# Version 2: drafts so nothing typed in a meeting is lost, and settings a council can change.
_V2 = """
CREATE TABLE drafts (
    key TEXT PRIMARY KEY,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX families_by_status ON families(status, reference);
CREATE INDEX tac_meetings_latest ON tac_meetings(family_id, status, held_on, kind, next_review_on);
CREATE INDEX audit_by_family ON audit_log(family_id);
"""

# Version 3: an update's audit record keeps only what changed, field by field, in `changes`
# (before and after stay for creates, deletes and settings; older rows keep both copies).
_V3 = """
ALTER TABLE audit_log ADD COLUMN changes TEXT;
"""

SEARCH_TABLE = "families_search"
"""The full-text index of `families.search_text` (FTS5), with its triggers and shadow tables."""

# Version 4: the front door. A referral records its referrer (from the directory or typed
# in), what they want, the reason for involvement, whether the family knows and agrees,
# who took it, and the known families it may be; `consent_obtained` stays, kept by TAC as
# family_agrees = yes, for queries written before. People get their NHS number. Families
# are searched through a full-text index of `search_text`, now plain words (accents and
# apostrophes dropped, hyphenated words kept whole and in parts), keyed by `search_order`
# (a number that sorts as the reference does, so a search lists families in reference order
# by reading the index in order), which triggers keep in step with every insert, update and
# delete of a family. Both are worked out by the Python functions that write them on every
# save (tac_family_search_text, tac_reference_order).
_V4 = f"""
ALTER TABLE referrals ADD COLUMN referrer_professional_id TEXT REFERENCES professionals(id);
ALTER TABLE referrals ADD COLUMN referrer_agency_name TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN referrer_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN referrer_wants TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN reason_for_involvement TEXT;
ALTER TABLE referrals ADD COLUMN family_agrees TEXT NOT NULL DEFAULT 'not_asked';
ALTER TABLE referrals ADD COLUMN family_agrees_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN taken_by TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN possible_matches TEXT NOT NULL DEFAULT '[]';
ALTER TABLE referrals ADD COLUMN source_reference TEXT NOT NULL DEFAULT '';
UPDATE referrals SET family_agrees = CASE WHEN consent_obtained THEN 'yes' ELSE 'not_asked' END;
ALTER TABLE family_members ADD COLUMN nhs_number TEXT NOT NULL DEFAULT '';
CREATE INDEX family_members_by_birth ON family_members(date_of_birth);
CREATE INDEX family_members_by_nhs_number ON family_members(nhs_number) WHERE nhs_number != '';
CREATE INDEX referrals_by_source ON referrals(source_reference) WHERE source_reference != '';
ALTER TABLE families ADD COLUMN search_order INTEGER;
UPDATE families SET search_order = tac_reference_order(reference),
    search_text = tac_family_search_text(reference, postcode || ' ' || address || ' ' || coalesce(
        (SELECT group_concat(m.name || ' ' || m.school_or_setting, ' ')
           FROM family_members m WHERE m.family_id = families.id), ''));
CREATE UNIQUE INDEX families_by_search_order ON families(search_order);
CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(
    search_text, content='families', content_rowid='search_order',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild');
CREATE TRIGGER families_search_insert AFTER INSERT ON families BEGIN
    INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.search_order, new.search_text);
END;
CREATE TRIGGER families_search_delete AFTER DELETE ON families BEGIN
    INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text)
    VALUES ('delete', old.search_order, old.search_text);
END;
CREATE TRIGGER families_search_update AFTER UPDATE OF search_text, search_order ON families BEGIN
    INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text)
    VALUES ('delete', old.search_order, old.search_text);
    INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.search_order, new.search_text);
END;
"""

# Version 5: the directories and the family's record, editable. Agencies and professionals
# who close or leave are marked inactive (kept, so history keeps their names); the local
# services a family is signposted or referred to have a table of their own, named by a
# screening decision (`service_id`, beside the `signposted_to` typed before) and by an action
# that refers the family to one. People get the rest of what a record of them holds: other
# names, the name in another script, an expected date of birth, sex and ethnicity (the DfE's
# codes), communication needs, and the day they left the household.
_V5 = f"""
ALTER TABLE agencies ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE professionals ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
CREATE TABLE local_services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    offers TEXT NOT NULL DEFAULT '',
    for_whom TEXT NOT NULL DEFAULT '',
    ages TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    how_to_refer TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,{_RECORD}
);
ALTER TABLE screening_decisions ADD COLUMN service_id TEXT REFERENCES local_services(id);
ALTER TABLE actions ADD COLUMN service_id TEXT REFERENCES local_services(id);
ALTER TABLE family_members ADD COLUMN other_names TEXT NOT NULL DEFAULT '';
ALTER TABLE family_members ADD COLUMN name_in_other_script TEXT NOT NULL DEFAULT '';
ALTER TABLE family_members ADD COLUMN expected_date_of_birth TEXT;
ALTER TABLE family_members ADD COLUMN sex TEXT;
ALTER TABLE family_members ADD COLUMN ethnicity TEXT;
ALTER TABLE family_members ADD COLUMN communication_needs TEXT NOT NULL DEFAULT '';
ALTER TABLE family_members ADD COLUMN left_household_on TEXT;
"""

# Version 6: consent that governs sharing. A consent says how it was given (`how`:
# written or verbal; null for those recorded before) and keeps its withdrawals
# (`withdrawals`, a JSON list of {on, by, all_agencies, agency_ids, note}), so a family can
# take back consent from some agencies and keep it for others. `withdrawn_on` stays: TAC
# fills it with the day the consent ended (withdrawn from all, or from the last agency
# left), for queries written before; an old withdrawal becomes one from all agencies. A
# screening decision of early help for a referral the family has not agreed to keeps the
# meeting's `reason_to_proceed`.
_V6 = """
ALTER TABLE consents ADD COLUMN how TEXT;
ALTER TABLE consents ADD COLUMN withdrawals TEXT NOT NULL DEFAULT '[]';
UPDATE consents SET withdrawals = '[{"on": "' || withdrawn_on
    || '", "by": null, "all_agencies": true, "agency_ids": [], "note": ""}]'
    WHERE withdrawn_on IS NOT NULL;
CREATE INDEX consents_withdrawn ON consents(withdrawn_on) WHERE withdrawn_on IS NOT NULL;
ALTER TABLE screening_decisions ADD COLUMN reason_to_proceed TEXT NOT NULL DEFAULT '';
"""

# Version 7: the front door's follow-up. A screening decision records when, how and by whom
# the referrer was told of it (`referrer_informed` stays: true once told, and for decisions
# told before this version said how). A referral decided "more information needed" goes back
# to the screening queue until a later meeting decides it: those screened before now are put
# back where their latest decision was that one.
_V7 = """
ALTER TABLE screening_decisions ADD COLUMN referrer_told_on TEXT;
ALTER TABLE screening_decisions ADD COLUMN referrer_told_how TEXT;
ALTER TABLE screening_decisions ADD COLUMN referrer_told_by TEXT NOT NULL DEFAULT '';
UPDATE referrals SET status = 'awaiting_screening'
WHERE status = 'screened' AND (
    SELECT d.outcome FROM screening_decisions d JOIN screening_meetings m ON m.id = d.meeting_id
    WHERE d.referral_id = referrals.id AND m.status = 'finished'
    ORDER BY m.held_on DESC, m.rowid DESC LIMIT 1
) = 'more_information';
"""

# Version 8: the minutes clock. A finished screening or TAC meeting records when its minutes
# were first written (exported to Word, by TAC), when they were sent and by whom (typed by a
# person). Meetings finished before this version have neither: TAC cannot know, so they show
# as not written, and the setting `minutes_clock_from` is set to the day of the upgrade so
# that they are not all listed as late (a council can move it back with `tac setting`).
# Partial indexes holding every column the home screen reads of them (the ones in their
# WHERE too: SQLite reads the table otherwise) keep the meetings still waiting for their
# minutes quick to list, however many there are.
_V8_MINUTES_CLOCK = """
ALTER TABLE tac_meetings ADD COLUMN minutes_written_on TEXT;
ALTER TABLE tac_meetings ADD COLUMN minutes_sent_on TEXT;
ALTER TABLE tac_meetings ADD COLUMN minutes_sent_by TEXT NOT NULL DEFAULT '';
ALTER TABLE screening_meetings ADD COLUMN minutes_written_on TEXT;
ALTER TABLE screening_meetings ADD COLUMN minutes_sent_on TEXT;
ALTER TABLE screening_meetings ADD COLUMN minutes_sent_by TEXT NOT NULL DEFAULT '';
CREATE INDEX tac_meetings_minutes_unsent ON tac_meetings(
    held_on, id, family_id, kind, minutes_written_on, status, minutes_sent_on)
    WHERE status = 'finished' AND minutes_sent_on IS NULL;
CREATE INDEX screening_meetings_minutes_unsent ON screening_meetings(
    held_on, id, minutes_written_on, status, minutes_sent_on)
    WHERE status = 'finished' AND minutes_sent_on IS NULL;
INSERT INTO settings (key, value) SELECT 'minutes_clock_from', '"' || date('now') || '"'
    WHERE EXISTS (SELECT 1 FROM tac_meetings WHERE status = 'finished')
       OR EXISTS (SELECT 1 FROM screening_meetings WHERE status = 'finished');
"""

# Version 9: the chronology writes itself: a family's record finds the screening decisions
# about its referrals (for the screening entries of its chronology) through this index, not
# by reading every decision ever made.
_V9_CHRONOLOGY = """
CREATE INDEX decisions_by_referral ON screening_decisions(referral_id);
"""

# Version 10: closure. A closure meeting records the level of need as early help closes, a closing
# summary in plain words (what the family's closing letter says was achieved), and for a
# family that moved, the area or local authority it moved to. Closures recorded before
# have no level and an empty summary. "stepped_down_to_universal" joins the closure reasons.
_V10_CLOSURE = """
ALTER TABLE tac_meetings ADD COLUMN closing_level INTEGER;
ALTER TABLE tac_meetings ADD COLUMN closing_summary TEXT NOT NULL DEFAULT '';
ALTER TABLE tac_meetings ADD COLUMN moved_to TEXT NOT NULL DEFAULT '';
"""

# Version 11: an action's due date can be changed, with a reason. The action's `due_on` is
# the date now; each change keeps the date before and after, the day, who and why, so the
# old date is never lost.
_V11_DUE_DATE_CHANGES = """
CREATE TABLE action_due_date_changes (
    action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    changed_on TEXT NOT NULL,
    from_due_on TEXT NOT NULL,
    to_due_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by TEXT NOT NULL
);
CREATE INDEX due_date_changes_by_action ON action_due_date_changes(action_id);
"""

# Version 12: a review carries the plan forward. Each item of the Signs of Safety assessment,
# each danger statement and each safety goal records the item it was carried forward from
# at the meeting before (`carried_from_id`, null for one first written at this meeting), and
# whether this meeting retired it (`retired`: 1 for a worry that is no longer a worry, a goal
# met). A retired item stays on its meeting, for the minutes, and is carried no further.
_V12_CARRY_FORWARD = """
ALTER TABLE assessment_items ADD COLUMN carried_from_id TEXT;
ALTER TABLE assessment_items ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE danger_statements ADD COLUMN carried_from_id TEXT;
ALTER TABLE danger_statements ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE safety_goals ADD COLUMN carried_from_id TEXT;
ALTER TABLE safety_goals ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
"""

# Version 13: step down from children's social care. A referral says what kind it is (`kind`:
# 'new', or 'step_down' when children's social care hands the family to early help) and a
# step down carries social care's summary of its work (`social_care_summary`, required for
# one) and the social worker and team handing over (`social_worker`, as given). Referrals
# taken before are new ones.
_V13_STEP_DOWN = """
ALTER TABLE referrals ADD COLUMN kind TEXT NOT NULL DEFAULT 'new';
ALTER TABLE referrals ADD COLUMN social_care_summary TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN social_worker TEXT NOT NULL DEFAULT '';
"""

# Version 14: step up. A family stepped up to children's social care keeps a record of it:
# the day, why, the social care team it went to, who recorded it, the screening or TAC
# meeting that decided it, and the missed-opportunity reflection (`earlier_signs`, `sooner`)
# written by the chair or a manager (`reflection_by_id`). `screening_meeting_id` has no
# foreign key: a big load (the demo's, in batches) brings the screening meetings after
# the families they decided.
_V14_STEP_UP = f"""
CREATE TABLE step_ups (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES families(id),
    stepped_up_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    team TEXT NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    screening_meeting_id TEXT,
    tac_meeting_id TEXT REFERENCES tac_meetings(id),
    earlier_signs TEXT NOT NULL DEFAULT '',
    sooner TEXT NOT NULL DEFAULT '',
    reflection_by_id TEXT REFERENCES professionals(id),{_RECORD}
);
CREATE INDEX step_ups_by_family ON step_ups(family_id, stepped_up_on);
"""

# Version 15: a finished TAC meeting's record can be corrected by its chair. The meeting keeps
# when it was last corrected and by whom (`revised_on`, `revised_by`; null until then), so
# its minutes say they are revised.
_V15_REVISED_MEETINGS = """
ALTER TABLE tac_meetings ADD COLUMN revised_on TEXT;
ALTER TABLE tac_meetings ADD COLUMN revised_by TEXT;
"""

# Version 16: who may see what. A user is a professional in the directory with a sign-in
# (`users`: the role; the argon2 hash of the password; an optional TOTP secret; failed
# attempts and the time a lock ends; disabled users are kept, for the audit). The access
# log (`access_log`) records each look at a family's record, each document written, each
# dump, backup and report, and each refusal: who, when, which family, from where.
_V16_USERS_AND_ACCESS = """
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    professional_id TEXT NOT NULL UNIQUE REFERENCES professionals(id),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    origin TEXT NOT NULL,
    what TEXT NOT NULL,
    outcome TEXT NOT NULL,
    family_id TEXT,
    reference TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_by_family ON access_log(family_id);
"""

# Version 17: a family's history (`tac audit REF`) shows the refusals about it, and a refusal
# may be logged with the reference as typed, before any family is found: the access log is
# indexed by reference, in any case, so the history is not a read of the whole log.
_V17_ACCESS_BY_REFERENCE = """
CREATE INDEX access_by_reference ON access_log(reference COLLATE NOCASE);
"""

# Version 18: the audit and access logs cannot be rewritten. Triggers refuse UPDATE and DELETE
# on them, and an INSERT without a hash. Each row carries `hash`, the SHA-256 of the row
# before's hash and of its own fields (an audit row's content, `before`, `after` and
# `changes`, through its digest `content_hash`), so `tac check` finds a row changed or
# removed even with the triggers dropped; `log_heads` keeps each log's last id and hash,
# which only ever move on, so rows removed from the end are found too. Two updates stay
# allowed: setting a row's missing hash once (the upgrade chains the rows already there, in
# Python: tac.store.trail.seal), and blanking the content of an audit row about a family
# whose erasure (an audit row with operation 'erase') is recorded, keeping its digest.
_V18_APPEND_ONLY_LOGS = """
ALTER TABLE audit_log ADD COLUMN content_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
ALTER TABLE access_log ADD COLUMN hash TEXT;
CREATE TABLE log_heads (
    log TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be deleted');
END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
    new.id IS old.id AND new.at IS old.at AND new.actor IS old.actor
    AND new.operation IS old.operation AND new.record_kind IS old.record_kind
    AND new.record_id IS old.record_id AND new.family_id IS old.family_id
    AND ((old.hash IS NULL AND old.content_hash IS NULL
          AND new.hash IS NOT NULL AND new.content_hash IS NOT NULL
          AND new.before IS old.before AND new.after IS old.after AND new.changes IS old.changes)
      OR (new.hash IS old.hash AND new.content_hash IS old.content_hash
          AND new.before IS NULL AND new.after IS NULL AND new.changes IS NULL
          AND old.operation != 'erase'
          AND EXISTS (SELECT 1 FROM audit_log e
                       WHERE e.family_id = old.family_id AND e.operation = 'erase')))
)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be changed');
END;
CREATE TRIGGER audit_log_hash_needed BEFORE INSERT ON audit_log
WHEN new.hash IS NULL OR new.content_hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: TAC adds its rows, each with its hash');
END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only: its rows cannot be deleted');
END;
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
WHEN NOT (
    old.hash IS NULL AND new.hash IS NOT NULL
    AND new.id IS old.id AND new.at IS old.at AND new.actor IS old.actor
    AND new.role IS old.role AND new.origin IS old.origin AND new.what IS old.what
    AND new.outcome IS old.outcome AND new.family_id IS old.family_id
    AND new.reference IS old.reference AND new.detail IS old.detail
)
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only: its rows cannot be changed');
END;
CREATE TRIGGER access_log_hash_needed BEFORE INSERT ON access_log WHEN new.hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only: TAC adds its rows, each with its hash');
END;
CREATE TRIGGER log_heads_kept BEFORE DELETE ON log_heads BEGIN
    SELECT RAISE(ABORT, 'the logs are append-only: their last rows are kept');
END;
CREATE TRIGGER log_heads_move_on BEFORE UPDATE ON log_heads
WHEN new.log IS NOT old.log OR new.last_id <= old.last_id
BEGIN
    SELECT RAISE(ABORT, 'the logs are append-only: their last rows only move on');
END;
"""

# Version 19: oversight. A manager's oversight reads the mean scaling score of every TAC
# meeting at once (tac/store/oversight.py); the index of each meeting's scores holds the
# score too, so the means are read from the index alone, never the table.
_V19_OVERSIGHT = """
DROP INDEX scaling_by_meeting;
CREATE INDEX scaling_by_meeting ON scaling_scores(meeting_id, score);
"""

# Version 20: who is on a family's team, found from the professional's side. The store works
# out which families a practitioner or partner may see from each part of a team (lead
# professional terms, TAC meetings chaired or attended, actions owned, screening allocations);
# these indexes keep that to a few milliseconds at 20,000 families, where reading every
# attendance took a fifth of a second after each write.
_V20_TEAM_INDEXES = """
CREATE INDEX lead_terms_by_professional ON lead_professional_terms(professional_id);
CREATE INDEX families_by_lead_professional ON families(lead_professional_id)
    WHERE lead_professional_id IS NOT NULL;
CREATE INDEX tac_meetings_by_chair ON tac_meetings(chair_id) WHERE chair_id IS NOT NULL;
CREATE INDEX attendance_by_professional ON meeting_attendance(professional_id)
    WHERE professional_id IS NOT NULL;
CREATE INDEX decisions_by_allocation ON screening_decisions(allocated_to_id)
    WHERE allocated_to_id IS NOT NULL;
"""

# Version 21: management oversight notes. A manager's dated note
# on a family (`note`: what they found) with the direction they gave (`direction`), who
# wrote it (`written_by`, and `written_by_id` when they signed in as a professional in the
# directory). Indexed by family and day: oversight asks every family for its latest note.
_V21_OVERSIGHT_NOTES = f"""
CREATE TABLE oversight_notes (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES families(id),
    written_on TEXT NOT NULL,
    written_by TEXT NOT NULL,
    written_by_id TEXT REFERENCES professionals(id),
    note TEXT NOT NULL,
    direction TEXT NOT NULL,{_RECORD}
);
CREATE INDEX oversight_notes_by_family ON oversight_notes(family_id, written_on);
"""

# Version 22: needs and outcomes in the Supporting Families words.
# A danger statement or safety goal may be tagged with one of the ten headline outcomes
# (`headline_outcome`, e.g. 'secure_housing'); on a closure meeting each tagged one records
# whether it was met (`met`: 'met', 'partly_met' or 'not_met'). Null for untagged needs
# and every need recorded before.
_V22_OUTCOMES = """
ALTER TABLE danger_statements ADD COLUMN headline_outcome TEXT;
ALTER TABLE danger_statements ADD COLUMN met TEXT;
ALTER TABLE safety_goals ADD COLUMN headline_outcome TEXT;
ALTER TABLE safety_goals ADD COLUMN met TEXT;
"""

# Version 23: oversight at speed. A manager's oversight reads every family, status change,
# TAC meeting, open action and unfinished review at once (tac/store/oversight.py); these
# indexes hold every column those reads ask for, so each is read from its index alone and
# never from the wide rows of the tables (at 20,000 families, 0.5 s of reading instead of
# 1.2 s). The indexes by family are widened in place (still led by `family_id`, so what
# used them still does); the open actions' index holds only the open ones, the reviews'
# only those not done or partly done.
_V23_OVERSIGHT_SPEED = """
DROP INDEX status_changes_by_family;
CREATE INDEX status_changes_by_family ON family_status_changes(
    family_id, position, on_date, status, level, reason);
DROP INDEX tac_meetings_by_family;
CREATE INDEX tac_meetings_by_family ON tac_meetings(
    family_id, held_on, id, kind, status, next_review_on);
CREATE INDEX families_for_oversight ON families(
    reference, id, display_name, status, level, lead_professional_id);
CREATE INDEX actions_open ON actions(
    due_on, family_id, id, what, professional_id, person_id, status) WHERE status = 'open';
CREATE INDEX action_reviews_not_done ON action_reviews(meeting_id, action_id, outcome)
    WHERE outcome IN ('not_done', 'partly');
"""

# Version 24: the vulnerability check list. One row per child per check: the child
# (`person_id`, one of the family's members), the day (`checked_on`), the occasion
# ('referral', 'meeting' or 'closure', with the TAC meeting's id in `meeting_id` for a check
# at a meeting), each indicator's 0-3 score by its key (`scores`, JSON) and their total
# (`score`), and who recorded it when. Indexed by child for a family's record and the latest
# checks, and by day for the caseload's.
_V24_VULNERABILITY_CHECKS = f"""
CREATE TABLE vulnerability_checks (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES families(id),
    person_id TEXT NOT NULL,
    checked_on TEXT NOT NULL,
    occasion TEXT NOT NULL,
    meeting_id TEXT,
    score INTEGER NOT NULL,
    scores TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT,{_RECORD}
);
CREATE INDEX vulnerability_checks_by_child
    ON vulnerability_checks(family_id, person_id, checked_on);
CREATE INDEX vulnerability_checks_by_day ON vulnerability_checks(checked_on);
"""

_MEETINGS_FAMILY = "(SELECT family_id FROM tac_meetings WHERE id = {row}.meeting_id)"
"""The family of a row of a TAC meeting's part (`{row}`: NEW or OLD), in SQL."""


def _forgetting(table: str, name: str, family_of: str) -> str:
    """The three triggers of `_V25_DRIFT_FACTS` on `table` that forget the drift facts of the
    family of the row inserted, changed (the family before and after) or deleted;
    `family_of` is that family's id in SQL, of `{row}`. Part of `_V25_DRIFT_FACTS`, so,
    like it, never edited once released."""
    new, old = family_of.format(row="NEW"), family_of.format(row="OLD")
    return "\n".join(
        f"CREATE TRIGGER drift_facts_after_{name}_{event.lower()} AFTER {event} ON {table} "
        f"BEGIN\n    DELETE FROM drift_facts WHERE family_id IN ({families});\nEND;"
        for event, families in (("INSERT", new), ("UPDATE", f"{old}, {new}"), ("DELETE", old)))


# Version 25: what drift needs of each family, kept. Drift now needs, for every open family,
# a few things about its episode of early help open now (the day it opened, its first
# finished TAC meeting, its latest with the review it agreed, the scaling at the last two
# that scaled) and how many times each of its actions was carried over. Working those out
# reads every status change, referral, meeting, score and review (1.5 s at 20,000 families),
# so `tac.oversight` keeps what it worked out here, one row per family (`opened_on` null: no
# episode open; `carried_over` a JSON object of action id to times, null for none), and reads
# it back the next time. Nothing here is a record: it is what `tac.episodes` and `tac.rules`
# made of the records, and these triggers forget a family's row whenever anything it was
# made from changes (its status history, referrals, TAC meetings, their scores or reviews of
# actions, or the family is erased), however that happens, so the next count works that
# family out again. Nothing in it depends on the day: drift judges it against the day.
# The index of family members by family is widened in place to name them too: drift names
# the family member who owns each open action, read from the index alone.
_V25_DRIFT_FACTS = f"""
DROP INDEX family_members_by_family;
CREATE INDEX family_members_by_family ON family_members(family_id, id, name);
CREATE TABLE drift_facts (
    family_id TEXT PRIMARY KEY,
    opened_on TEXT,
    first_held_on TEXT,
    latest_held_on TEXT,
    latest_next_review_on TEXT,
    latest_kind TEXT,
    previous_scaled_on TEXT,
    previous_mean REAL,
    latest_scaled_on TEXT,
    latest_mean REAL,
    carried_over TEXT
) WITHOUT ROWID;
{_forgetting("family_status_changes", "status_changes", "{row}.family_id")}
{_forgetting("referrals", "referrals", "{row}.family_id")}
{_forgetting("tac_meetings", "tac_meetings", "{row}.family_id")}
{_forgetting("scaling_scores", "scores", _MEETINGS_FAMILY)}
{_forgetting("action_reviews", "reviews", _MEETINGS_FAMILY)}
CREATE TRIGGER drift_facts_after_families_delete AFTER DELETE ON families BEGIN
    DELETE FROM drift_facts WHERE family_id = OLD.id;
END;
"""


def _latest_checks_of(row: str) -> str:
    """The statements, in a trigger on `vulnerability_checks`, that work out again the
    `vulnerability_latest` row of the child of `row` (`new` or `old`) from their checks.
    Part of `_V26_LATEST_CHECKS`, so, like it, never edited once released."""
    child = f"family_id = {row}.family_id AND person_id = {row}.person_id"
    newest = f"FROM vulnerability_checks WHERE {child} ORDER BY checked_on DESC, rowid DESC"
    return f"""DELETE FROM vulnerability_latest WHERE {child};
    INSERT INTO vulnerability_latest
    SELECT {row}.family_id, {row}.person_id, latest.checked_on, latest.score,
           previous.checked_on, previous.score
      FROM (SELECT checked_on, score {newest} LIMIT 1) AS latest
      LEFT JOIN (SELECT checked_on, score {newest} LIMIT 1 OFFSET 1) AS previous ON 1;"""


# Version 26: each child's latest two vulnerability checks, kept.
# Oversight's rising-vulnerability line wants, for every checked child, their latest check
# and the one before; reading all the checks for it took a quarter of a second at 20,000
# families. `vulnerability_latest` holds one row per child with checks: the latest (the
# greatest `checked_on`, then `rowid`: of two the same day, the one saved last) and the one
# before (null for a child checked once). It is derived, never written by TAC's Python:
# triggers on `vulnerability_checks` work the child's row out again from the index by child
# after every insert, update (the child before the update and the one after) and delete, so
# every write (a check recorded or corrected, a load, an erasure, a client's own SQL) keeps
# it true; a child left with no checks has no row. `tac dump` leaves it out and `tac load`
# fills it through the triggers. The upgrade fills it from the checks already there.
_V26_LATEST_CHECKS = f"""
CREATE TABLE vulnerability_latest (
    family_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    latest_on TEXT NOT NULL,
    latest_score INTEGER NOT NULL,
    previous_on TEXT,
    previous_score INTEGER,
    PRIMARY KEY (family_id, person_id)
) WITHOUT ROWID;
INSERT INTO vulnerability_latest
SELECT family_id, person_id, checked_on, score, previous_on, previous_score FROM (
    SELECT family_id, person_id, checked_on, score,
           lag(checked_on) OVER child AS previous_on, lag(score) OVER child AS previous_score,
           row_number() OVER (PARTITION BY family_id, person_id
                              ORDER BY checked_on DESC, rowid DESC) AS newest
      FROM vulnerability_checks
    WINDOW child AS (PARTITION BY family_id, person_id ORDER BY checked_on, rowid))
 WHERE newest = 1;
CREATE TRIGGER vulnerability_latest_insert AFTER INSERT ON vulnerability_checks BEGIN
    {_latest_checks_of("new")}
END;
CREATE TRIGGER vulnerability_latest_update AFTER UPDATE ON vulnerability_checks BEGIN
    {_latest_checks_of("old")}
    {_latest_checks_of("new")}
END;
CREATE TRIGGER vulnerability_latest_delete AFTER DELETE ON vulnerability_checks BEGIN
    {_latest_checks_of("old")}
END;
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8_MINUTES_CLOCK, _V9_CHRONOLOGY, _V10_CLOSURE,
                         _V11_DUE_DATE_CHANGES, _V12_CARRY_FORWARD, _V13_STEP_DOWN, _V14_STEP_UP,
                         _V15_REVISED_MEETINGS, _V16_USERS_AND_ACCESS,
                         _V17_ACCESS_BY_REFERENCE, _V18_APPEND_ONLY_LOGS, _V19_OVERSIGHT,
                         _V20_TEAM_INDEXES, _V21_OVERSIGHT_NOTES, _V22_OUTCOMES,
                         _V23_OVERSIGHT_SPEED, _V24_VULNERABILITY_CHECKS,
                         _V25_DRIFT_FACTS, _V26_LATEST_CHECKS]
"""MIGRATIONS[i] takes a database from version i to version i + 1."""

LATEST = len(MIGRATIONS)

LOGS_CHAINED_FROM = MIGRATIONS.index(_V18_APPEND_ONLY_LOGS) + 1
"""The first schema version whose audit and access logs are chained: an upgrade to it or
past it chains the rows already there (`tac.store.trail.seal`), in the same transaction."""

FUNCTIONS: dict[str, Callable[..., object]] = {
    "tac_family_search_text": family_search_text,
    "tac_reference_order": reference_order,
}
"""Python functions the migrations call, registered on the connection while they run.
Nothing stored (no trigger, view or index) may call them: other SQLite clients lack them."""


def statements(script: str) -> list[str]:
    """Split a migration into statements, keeping a trigger's body (with its own
    semicolons) in one piece."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip().removesuffix(";").strip())
            pending = ""
    if pending.strip(" \n;"):
        found.append(pending.strip().removesuffix(";").strip())
    return found
