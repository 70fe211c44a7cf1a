"""Build the Word templates TAC ships with, from code, so they stay consistent.

    python -m tac.templates.build_defaults [DIR]     (default: this folder)

The committed `.docx` files are the output of this script. An administrator never needs
it: they copy a template (`tac export templates DIR`), restyle it in Word, and point TAC at
their folder. The tags inside (`{{ meeting.held_on }}`, `{%tr for a in actions %}`) are
docxtpl's; docs/templates.md lists every field each template can use.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.document import Document as WordDocument
from tac.templates.parts import (
    NONE_RECORDED,
    bullets,
    closing_note,
    columns_table,
    data_table,
    distribution,
    facts_table,
    labelled,
    new_template,
    or_none,
    tag,
    warning,
)

# -- the needs on a plan and the Supporting Families headline outcomes ---------------


def headline_outcome(document: WordDocument, need: str, label: str) -> None:
    """A labelled line under a need (danger statement or goal) naming the headline outcome
    it is tagged with; nothing for a need not tagged."""
    tag(document, f"if {need}.headline_outcome")
    labelled(document, label, f"{{{{ {need}.headline_outcome }}}}")
    tag(document, "endif")


def safety_goals(document: WordDocument, item: str, label: str) -> None:
    """The plan's goals as bullets, each with its headline outcome under it, or "None
    recorded"."""
    tag(document, "for g in safety_goals")
    document.add_paragraph(item, style="List Bullet")
    headline_outcome(document, "g", label)
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")


def danger_statements_and_goals(document: WordDocument) -> None:
    """The plan's danger statements (with where the family sees each differently) and its
    safety goals, each with the headline outcome it is tagged with, as the minutes and the
    transfer summary give them."""
    document.add_heading("Danger statements", 2)
    tag(document, "for s in danger_statements")
    document.add_paragraph("{{ s.text }}", style="List Bullet")
    tag(document, "if s.family_disagrees")
    labelled(document, "Where the family sees it differently", "{{ s.family_disagrees }}")
    tag(document, "endif")
    headline_outcome(document, "s", "Headline outcome")
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")
    document.add_heading("Safety goals", 2)
    safety_goals(document, "{{ g.text }}{{ g.scale }}", "Headline outcome")


def needs_met_table(
    document: WordDocument, headings: list[str], when_empty: str | None = NONE_RECORDED
) -> None:
    """At a closure: each need tagged with a headline outcome, and whether it was met."""
    data_table(document, headings, "n in needs_met",
               ["{{ n.text }}", "{{ n.headline_outcome }}", "{{ n.met }}"], (95, 50, 25),
               when_empty)


# -- the documents ---------------------------------------------------------------


def tac_minutes() -> WordDocument:
    document = new_template(
        "Team around the child meeting minutes",
        "Team around the child meeting minutes | {{ reference }} | {{ meeting.held_on }}"
        "{% if meeting.revised_on %} | revised {{ meeting.revised_on }}{% endif %}",
    )
    # The title says "revised" and when, for a meeting its chair corrected after finishing.
    document.add_heading("{{ title }}", 0)
    document.add_paragraph("{{ meeting.kind }} meeting for the {{ family.name }}", "Subtitle")
    warning(document, "consent_withdrawn")
    facts_table(
        document,
        [
            ("Family reference", "{{ reference }}"),
            ("Children", or_none("family.children")),
            ("Meeting", "{{ meeting.kind }} meeting"),
            ("Date", "{{ meeting.held_on }}"),
            ("Chair", or_none("meeting.chair")),
            ("Minutes taken by", or_none("meeting.minute_taker")),
            ("Lead professional", or_none("lead.name")),
        ],
    )

    document.add_heading("The family", 1)
    data_table(
        document,
        ["Name", "Relationship", "Date of birth", "School, setting or GP"],
        "p in family.people",
        ["{{ p.name }}", "{{ p.relationship }}", "{{ p.date_of_birth }}", "{{ p.setting }}"],
        (45, 35, 35, 55),
    )

    document.add_heading("Attendance", 1)
    data_table(
        document,
        ["Name", "Role and agency", "Attendance", "Update"],
        "a in attendance",
        ["{{ a.name }}", "{{ a.role }}", "{{ a.status }}", "{{ a.report }}"],
        (35, 40, 25, 70),
    )

    document.add_heading("Consent to share information", 1)
    labelled(document, "Confirmed at this meeting", "{{ consent.confirmed }}")
    labelled(document, "Consent in force", or_none("consent.summary"))

    document.add_heading("The family's views", 1)
    document.add_paragraph(or_none("family_voice"))

    document.add_heading("The children's views", 1)
    tag(document, "for c in child_voices")
    document.add_heading("{{ c.name }}", 2)
    labelled(document, "House of worries", or_none("c.worries"))
    labelled(document, "House of good things", or_none("c.good_things"))
    labelled(document, "House of dreams", or_none("c.dreams"))
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")

    tag(document, "if meeting.is_review")
    document.add_heading("Review of the last plan", 1)
    data_table(
        document,
        ["Action", "Who", "By when", "Done?", "Comment"],
        "r in action_reviews",
        ["{{ r.what }}", "{{ r.who }}", "{{ r.due_on }}", "{{ r.outcome }}", "{{ r.note }}"],
        (55, 30, 25, 20, 40),
    )
    tag(document, "endif")

    document.add_heading("Signs of Safety assessment", 1)
    document.add_heading("What's working well?", 2)
    bullets(document, "item in working_well", "{{ item.text }}")
    document.add_heading("What are we worried about?", 2)
    bullets(document, "item in worries", "{{ item.label }}{{ item.text }}")
    danger_statements_and_goals(document)
    document.add_heading("What needs to happen?", 2)
    bullets(document, "item in next_steps", "{{ item.text }}")

    tag(document, "if meeting.is_review")
    document.add_heading("What changed since the last meeting", 1)
    data_table(
        document,
        ["Where", "What the plan says", "Since last time"],
        "c in since_last_time",
        ["{{ c.where }}", "{{ c.text }}{% if c.was %} (was: {{ c.was }}){% endif %}",
         "{{ c.change }}"],
        (45, 95, 30),
    )
    document.add_heading("No longer a worry", 2)
    bullets(document, "w in no_longer_worries", "{{ w.text }}")
    tag(document, "endif")

    document.add_heading("Scaling", 1)
    document.add_paragraph(
        "On a scale of 0 to 10, where 10 means everyone knows the children are safe enough "
        "for the plan to close and 0 means things are so bad the children cannot stay at "
        "home, where are we today?"
    )
    data_table(
        document,
        ["Who", "Today", "Last time", "Why this number"],
        "s in scaling",
        ["{{ s.name }}", "{{ s.score }}", "{{ s.previous }}", "{{ s.reason }}"],
        (40, 18, 22, 90),
    )

    document.add_heading("Action plan", 1)
    data_table(
        document,
        ["What will be done", "Who", "By when", "How we will know it worked"],
        "a in actions",
        ["{{ a.what }}", "{{ a.who }}", "{{ a.due_on }}", "{{ a.success_measure }}"],
        (60, 35, 25, 50),
    )

    document.add_heading("Lead professional", 1)
    tag(document, "if lead")
    document.add_paragraph("{{ lead.name }}{{ lead.role_and_agency }}")
    labelled(document, "Phone", or_none("lead.phone"))
    labelled(document, "Email", or_none("lead.email"))
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endif")

    tag(document, "if not meeting.is_closure")
    document.add_heading("Next review", 1)
    document.add_paragraph(or_none("next_review_on"))
    tag(document, "endif")

    tag(document, "if meeting.closure_reason")
    document.add_heading("Closure", 1)
    labelled(document, "Reason for closing the plan", "{{ meeting.closure_reason }}")
    tag(document, "if meeting.moved_to")
    labelled(document, "Moved to", "{{ meeting.moved_to }}")
    tag(document, "endif")
    tag(document, "if meeting.closing_level")
    labelled(document, "Level of need at closing", "{{ meeting.closing_level }}")
    tag(document, "endif")
    tag(document, "if meeting.closing_summary")
    labelled(document, "Closing summary", "{{ meeting.closing_summary }}")
    tag(document, "endif")
    tag(document, "endif")

    tag(document, "if meeting.is_closure")
    document.add_heading("Needs and headline outcomes at closure", 1)
    needs_met_table(document, ["Need", "Headline outcome", "Met at closure"])
    tag(document, "endif")

    distribution(document, "Distribution", not_sent=True)
    return document


def family_plan() -> WordDocument:
    document = new_template(
        "Family plan",
        "Family plan | {{ reference }} | agreed {{ meeting.held_on }}",
    )
    document.add_heading("Our plan with your family", 0)
    document.add_paragraph("For {{ family.names }}", "Subtitle")
    warning(document, "consent_withdrawn")
    document.add_paragraph(
        "We made this plan with you at our meeting on {{ meeting.held_on }}. It says what is "
        "going well, what we are worried about and what needs to happen next. We will look "
        "at it again together at our next meeting."
    )

    document.add_heading("What's going well", 1)
    bullets(document, "item in working_well", "{{ item.text }}")

    document.add_heading("What we're worried about", 1)
    bullets(document, "item in worries", "{{ item.text }}")
    tag(document, "if danger_statements")
    document.add_heading("What we worry could happen", 2)
    tag(document, "for s in danger_statements")
    document.add_paragraph("{{ s.text }}", style="List Bullet")
    tag(document, "if s.family_disagrees")
    labelled(document, "What you told us about this", "{{ s.family_disagrees }}")
    tag(document, "endif")
    headline_outcome(document, "s", "The outcome we are working towards")
    tag(document, "endfor")
    tag(document, "endif")

    document.add_heading("What needs to happen", 1)
    bullets(document, "item in next_steps", "{{ item.text }}")
    tag(document, "if safety_goals")
    document.add_heading("What we want to see", 2)
    safety_goals(document, "{{ g.text }}", "The outcome we are working towards")
    tag(document, "endif")

    document.add_heading("What you told us", 1)
    document.add_paragraph(or_none("family_voice"))
    tag(document, "for c in child_voices")
    document.add_heading("What {{ c.first_name }} told us", 2)
    labelled(document, "Worries", or_none("c.worries"))
    labelled(document, "Good things", or_none("c.good_things"))
    labelled(document, "Hopes and dreams", or_none("c.dreams"))
    tag(document, "endfor")

    document.add_heading("Who will do what", 1)
    data_table(
        document,
        ["What will happen", "Who will do it", "By when", "How we will know it has worked"],
        "a in actions",
        ["{{ a.what }}", "{{ a.who }}", "{{ a.due_on }}", "{{ a.success_measure }}"],
        (60, 35, 25, 50),
    )

    document.add_heading("How things are now", 1)
    document.add_paragraph(
        "At the meeting everyone gave a number from 0 to 10. 10 means everyone is sure the "
        "children are safe and well enough for this plan to end. 0 means things are so bad "
        "the children cannot stay at home."
    )
    data_table(
        document,
        ["Who", "Number", "Why"],
        "s in scaling",
        ["{{ s.name }}", "{{ s.score }}", "{{ s.reason }}"],
        (45, 20, 105),
    )

    document.add_heading("Your lead professional", 1)
    tag(document, "if lead")
    document.add_paragraph(
        "{{ lead.name }}{{ lead.role_and_agency }} is your lead professional: the person to "
        "talk to about this plan."
    )
    labelled(document, "Phone", or_none("lead.phone"))
    labelled(document, "Email", or_none("lead.email"))
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endif")

    document.add_heading("Our next meeting", 1)
    document.add_paragraph(
        "{% if next_review_on %}Our next meeting is on {{ next_review_on }}."
        f"{{% else %}}{NONE_RECORDED}{{% endif %}}"
    )

    distribution(document, "Who gets a copy of this plan", not_sent=True)
    return document


def closing_letter() -> WordDocument:
    """The letter to a family whose early help has closed. It looks back, so it has no
    section that could be empty: each part shows only when there is something to say."""
    document = new_template(
        "Closing letter",
        "Closing letter | {{ reference }} | closed {{ closure.closed_on }}",
    )
    document.add_heading("Our work together has come to an end", 0)
    document.add_paragraph("For {{ family.names }}", "Subtitle")
    warning(document, "consent_withdrawn")
    document.add_paragraph(
        "{% if closure.at_meeting %}We met together for the last time on "
        "{{ closure.closed_on }} and agreed to close your family's early help plan."
        "{% else %}Your family's early help plan closed on {{ closure.closed_on }}.{% endif %}"
        " Thank you for working with us."
    )
    labelled(document, "Family reference", "{{ reference }}")
    labelled(document, "Why the plan closed",
             "{{ closure.reason }}{% if closure.moved_to %}: {{ closure.moved_to }}{% endif %}")
    labelled(document, "Level of need now", "{{ closure.level }}")

    document.add_heading("What we achieved together", 1)
    tag(document, "if closure.summary")
    document.add_paragraph("{{ closure.summary }}")
    tag(document, "endif")
    tag(document, "if working_well")
    document.add_heading("What is working well", 2)
    bullets(document, "item in working_well", "{{ item.text }}", when_empty=None)
    tag(document, "endif")
    tag(document, "if goals")
    document.add_heading("The goals we worked towards", 2)
    bullets(document, "g in goals", "{{ g.text }}{{ g.scale }}", when_empty=None)
    tag(document, "endif")
    tag(document, "if needs_met")
    document.add_heading("How far the needs we worked on were met", 2)
    needs_met_table(document, ["What we worked on", "Headline outcome", "How far it was met"],
                    when_empty=None)
    tag(document, "endif")
    tag(document, "if actions_done")
    document.add_heading("What was done", 2)
    data_table(
        document,
        ["What was done", "Who did it", "Done on"],
        "a in actions_done",
        ["{{ a.what }}", "{{ a.who }}", "{{ a.done_on }}"],
        (90, 45, 35),
        when_empty=None,
    )
    tag(document, "endif")

    tag(document, "if family_voice or child_voices")
    document.add_heading("What you told us", 1)
    tag(document, "if family_voice")
    document.add_paragraph("{{ family_voice }}")
    tag(document, "endif")
    tag(document, "for c in child_voices")
    document.add_heading("What {{ c.first_name }} told us", 2)
    tag(document, "if c.good_things")
    labelled(document, "Good things", "{{ c.good_things }}")
    tag(document, "endif")
    tag(document, "if c.dreams")
    labelled(document, "Hopes and dreams", "{{ c.dreams }}")
    tag(document, "endif")
    tag(document, "endfor")
    tag(document, "endif")

    document.add_heading("If things get hard again", 1)
    document.add_paragraph(
        "If worries come back, you can ask for help again at any time, and you do not have "
        "to wait until things are bad. Contact {{ front_door }}."
    )
    tag(document, "if lead")
    document.add_paragraph(
        "You can also get in touch with {{ lead.name }}{{ lead.role_and_agency }}, who was "
        "your lead professional."
    )
    tag(document, "if lead.phone")
    labelled(document, "Phone", "{{ lead.phone }}")
    tag(document, "endif")
    tag(document, "if lead.email")
    labelled(document, "Email", "{{ lead.email }}")
    tag(document, "endif")
    tag(document, "endif")
    document.add_paragraph(
        "If you think a child is in danger or at risk of harm right now, call 999."
    )

    distribution(document, "Who gets a copy of this letter", not_sent=True, when_empty=None)
    return document


def screening_minutes() -> WordDocument:
    document = new_template(
        "Multi-agency screening meeting minutes",
        "Multi-agency screening meeting minutes | {{ meeting.held_on }}",
    )
    document.add_heading("Multi-agency screening meeting minutes", 0)
    facts_table(
        document,
        [
            ("Date", "{{ meeting.held_on }}"),
            ("Chair", or_none("meeting.chair")),
            ("Referrals decided", "{{ decisions|length }}"),
        ],
    )

    document.add_heading("Attendance", 1)
    data_table(
        document,
        ["Name", "Role", "Agency"],
        "a in attendance",
        ["{{ a.name }}", "{{ a.role }}", "{{ a.agency }}"],
        (50, 60, 60),
    )

    document.add_heading("Summary of decisions", 1)
    data_table(
        document,
        ["Family", "Decision", "Level", "Taken forward by", "By when"],
        "d in decisions",
        ["{{ d.family }}", "{{ d.outcome }}", "{{ d.level }}", "{{ d.allocated_to }}",
         "{{ d.due_on }}"],
        (40, 45, 15, 40, 30),
    )

    document.add_heading("Decisions", 1)
    tag(document, "for d in decisions")
    document.add_heading("{{ d.family }}: {{ d.outcome }}", 2)
    facts_table(
        document,
        [
            ("Referral", "Received {{ d.received_on }} from {{ d.referrer }}"),
            ("Concerns", "{{ d.concerns }}"),
            ("Consent to the referral",
             "{{ d.consent }}{% if d.reason_to_proceed %}. The meeting went ahead because: "
             "{{ d.reason_to_proceed }}{% endif %}"),
            ("Decision", "{{ d.outcome }}"),
            ("Level of need", "{{ d.level_label }}"),
            ("Rationale", "{{ d.rationale }}"),
            ("Signposted to", or_none("d.signposted_to")),
            ("Taken forward by", or_none("d.allocated_to")),
            ("By when", or_none("d.due_on")),
            ("Dissent", or_none("d.dissent")),
            ("Referrer told of the decision", "{{ d.referrer_informed }}"),
        ],
    )
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")

    distribution(document, "Distribution")
    return document


def transfer_summary() -> WordDocument:
    document = new_template(
        "Transfer summary to children's social care",
        "Transfer summary | {{ reference }} | stepped up {{ step_up.on }}",
    )
    document.add_heading("Transfer summary to children's social care", 0)
    document.add_paragraph("The {{ family.name }}: early help's record, as it travels with "
                           "the family", "Subtitle")
    warning(document, "consent_withdrawn")
    facts_table(
        document,
        [
            ("Family reference", "{{ reference }}"),
            ("Children", or_none("family.children")),
            ("Address", "{{ family.address }}{% if family.postcode %}, "
                        "{{ family.postcode }}{% endif %}"),
            ("Stepped up on", "{{ step_up.on }}"),
            ("To", "{{ step_up.team }}"),
            ("Decided at", or_none("step_up.decided_at")),
            ("Recorded by", or_none("step_up.recorded_by")),
            ("Early help lead professional",
             "{% if early_help_lead %}{{ early_help_lead.name }}"
             "{{ early_help_lead.role_and_agency }}{% else %}None recorded{% endif %}"),
        ],
    )

    document.add_heading("Why the family is stepped up", 1)
    document.add_paragraph("{{ step_up.reason }}")

    document.add_heading("Who they are", 1)
    data_table(
        document,
        ["Name", "Relationship", "Date of birth", "School or setting", "GP"],
        "p in people",
        ["{{ p.name }}", "{{ p.relationship }}", "{{ p.date_of_birth }}", "{{ p.school }}",
         "{{ p.gp }}"],
        (40, 30, 30, 40, 30),
    )

    document.add_heading("Consent to share information", 1)
    labelled(document, "In force now", or_none("consent.in_force"))
    labelled(document, "Agencies it covers", or_none("consent.agencies"))
    document.add_heading("Consent over time", 2)
    bullets(document, "c in consent.history", "{{ c }}")

    document.add_heading("Chronology", 1)
    data_table(
        document,
        ["Date", "What", "Agency", "Significance", "Summary"],
        "e in chronology",
        ["{{ e.on }}", "{{ e.kind }}{% if e.person %} ({{ e.person }}){% endif %}",
         "{{ e.agency }}", "{{ e.significance }}", "{{ e.summary }}"],
        (25, 30, 30, 20, 65),
    )

    document.add_heading("The latest Signs of Safety assessment", 1)
    document.add_paragraph(
        "{% if latest_meeting %}From the {{ latest_meeting.kind|lower }} TAC meeting of "
        f"{{{{ latest_meeting.held_on }}}}.{{% else %}}{NONE_RECORDED}{{% endif %}}")
    columns_table(document, [
        ("What's working well?", "item in working_well", "{{ item.text }}"),
        ("What are we worried about?", "item in worries", "{{ item.label }}{{ item.text }}"),
        ("What needs to happen?", "item in next_steps", "{{ item.text }}"),
    ])
    danger_statements_and_goals(document)

    document.add_heading("Scaling over time", 1)
    document.add_paragraph(
        "At each meeting everyone present gave a number from 0 to 10, where 10 means the "
        "children are safe enough for the plan to close and 0 means things are so bad the "
        "children cannot stay at home."
    )
    data_table(
        document,
        ["Meeting", "Kind", "Who gave which number", "Average"],
        "m in scaling_over_time",
        ["{{ m.held_on }}", "{{ m.kind }}", "{{ m.scores }}", "{{ m.average }}"],
        (30, 25, 95, 20),
    )

    document.add_heading("The actions and how they went", 1)
    tag(document, "for a in actions")
    document.add_heading("{{ a.what }}", 2)
    labelled(document, "Who", "{{ a.who }}")
    labelled(document, "Agreed", "{{ a.agreed_on }}, due {{ a.due_on }}")
    labelled(document, "Status", "{{ a.status }}{% if a.completed_on %} on "
                                 "{{ a.completed_on }}{% endif %}")
    labelled(document, "How we would know it worked", or_none("a.success_measure"))
    labelled(document, "Progress and reviews",
             f"{{% if not a.progress %}}{NONE_RECORDED}{{% endif %}}")
    tag(document, "for n in a.progress")
    document.add_paragraph("{{ n.on }}, {{ n.by }}: {{ n.text }}", style="List Bullet")
    tag(document, "endfor")
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")

    document.add_heading("Looking back: a missed-opportunity reflection", 1)
    labelled(document, "Written by", or_none("step_up.reflection_by"))
    labelled(document, "What earlier signs were there", or_none("step_up.earlier_signs"))
    labelled(document, "What could have been done sooner", or_none("step_up.sooner"))

    closing_note(document, "It goes to {{ step_up.team }} with the family; share it only "
                           "with those working with the family.")
    return document


def oversight_report() -> WordDocument:
    """The manager's oversight report: drift now, the caseload, the flow of work through a
    period and its impact. Long lists show their first rows; the CSV files beside the
    report hold them whole."""
    document = new_template("Oversight and impact", "Oversight report | as of {{ as_of }}")
    document.add_heading("{{ title }}", 0)
    document.add_paragraph(
        "As of {{ as_of }}. The flow of work and its impact from {{ period.start }} to "
        "{{ period.end }}.", "Subtitle")

    document.add_heading("Drift now", 1)
    document.add_paragraph(
        "What has slipped for the {{ open_families }} families early help is working with.")
    data_table(document, ["What has slipped", "How many"], "h in drift",
               ["{{ h.label }}", "{{ h.count }}"], (130, 40))
    document.add_heading("Actions overdue by owner", 2)
    data_table(document, ["Owner", "Overdue actions", "Families"], "t in overdue_by_owner",
               ["{{ t.label }}", "{{ t.count }}", "{{ t.families }}"], (90, 40, 40))
    document.add_heading("Actions overdue by agency", 2)
    data_table(document, ["Agency", "Overdue actions", "Families"], "t in overdue_by_agency",
               ["{{ t.label }}", "{{ t.count }}", "{{ t.families }}"], (90, 40, 40))
    tag(document, "for l in lists")
    document.add_heading("{{ l.title }}", 2)
    document.add_paragraph("{{ l.note }}")
    data_table(document, ["{{ l.columns[0] }}", "{{ l.columns[1] }}", "{{ l.columns[2] }}",
                          "{{ l.columns[3] }}"], "r in l.rows",
               ["{{ r[0] }}", "{{ r[1] }}", "{{ r[2] }}", "{{ r[3] }}"], (35, 75, 30, 30))
    tag(document, "endfor")

    document.add_heading("Caseload", 1)
    document.add_heading("By lead professional", 2)
    data_table(document, ["Lead professional", "Agency", "Open families", "Overdue actions"],
               "c in by_lead_professional",
               ["{{ c.label }}", "{{ c.agency }}", "{{ c.open_families }}",
                "{{ c.overdue_actions }}"], (50, 60, 30, 30))
    document.add_heading("By agency", 2)
    document.add_paragraph(
        "Open families led by the agency's professionals, and the overdue actions they own.")
    data_table(document, ["Agency", "Open families", "Overdue actions"], "c in by_agency",
               ["{{ c.label }}", "{{ c.open_families }}", "{{ c.overdue_actions }}"],
               (110, 30, 30))

    document.add_heading("Flow, {{ period.start }} to {{ period.end }}", 1)
    data_table(document, ["Measure", "Figure"], "m in flow",
               ["{{ m.label }}", "{{ m.value }}"], (120, 50))
    document.add_heading("Referrals by month", 2)
    data_table(document, ["Month", "Referrals", "The biggest sources"], "t in referrals_by_month",
               ["{{ t.label }}", "{{ t.count }}", "{{ t.sources }}"], (35, 25, 110))
    document.add_heading("Referrals by source", 2)
    data_table(document, ["Source", "Referrals"], "t in referrals_by_source",
               ["{{ t.label }}", "{{ t.count }}"], (130, 40))
    document.add_heading("Decisions by outcome", 2)
    data_table(document, ["Screening decision", "Referrals"], "t in decisions_by_outcome",
               ["{{ t.label }}", "{{ t.count }}"], (130, 40))
    document.add_heading("Closures by reason", 2)
    data_table(document, ["Why early help ended", "Episodes"], "t in closures_by_reason",
               ["{{ t.label }}", "{{ t.count }}"], (130, 40))

    document.add_heading("Impact", 1)
    document.add_heading("Scaling from the first meeting to the latest", 2)
    document.add_paragraph(
        "Each episode of early help open in the period that scaled at two meetings or more: "
        "the mean score at its first and at its latest. {{ scaling_summary }}")
    data_table(document, ["Change", "Episodes"], "t in scaling_bands",
               ["{{ t.label }}", "{{ t.count }}"], (130, 40))
    document.add_heading("Outcomes at closure", 2)
    data_table(document, ["Why it ended", "Episodes", "Scaling better, same, worse",
                          "Level of need lower, same, higher"], "o in outcomes_at_closure",
               ["{{ o.reason }}", "{{ o.episodes }}", "{{ o.scaling }}", "{{ o.level }}"],
               (55, 25, 45, 45))
    document.add_heading("Needs met by headline outcome", 2)
    document.add_paragraph(
        "The needs tagged with each Supporting Families headline outcome at the closure "
        "meetings held in the period, and whether each was met.")
    data_table(document, ["Headline outcome", "Needs tagged", "Met", "Partly met", "Not met"],
               "n in needs_met",
               ["{{ n.outcome }}", "{{ n.tagged }}", "{{ n.met }}", "{{ n.partly_met }}",
                "{{ n.not_met }}"], (70, 25, 25, 25, 25))

    document.add_heading("Rising vulnerability", 1)
    data_table(document, ["Family", "Child", "Check before", "Latest check"],
               "r in rising_vulnerability",
               ["{{ r.reference }}", "{{ r.child }}", "{{ r.previous }}", "{{ r.latest }}"],
               (35, 65, 35, 35))

    document.add_heading("The files beside this report", 1)
    bullets(document, "f in files", "{{ f }}")
    closing_note(document, "It is for early help managers and those overseeing the "
                           "service; share it only with them.")
    return document


TEMPLATES = {
    "tac-minutes.docx": tac_minutes,
    "family-plan.docx": family_plan,
    "closing-letter.docx": closing_letter,
    "screening-minutes.docx": screening_minutes,
    "transfer-summary.docx": transfer_summary,
    "oversight-report.docx": oversight_report,
}


def build(folder: Path) -> list[Path]:
    """Write the default templates into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
        path = folder / name
        make().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for written_path in build(target):
        print(written_path)
