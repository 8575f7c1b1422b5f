"""Phase 3 in numbers: feedback rounds, whether feedback has become minimal, metrics against
their targets, and readiness to scale up. Pure functions over a Workbook: no plotly, no
widgets, so the charts, checks, documents and notebooks all read the same answers.

>>> import guidelib
>>> wb = guidelib.open_workbook("workbook/example-kinship-care.json")  # doctest: +SKIP
>>> minimal_status(wb).summary  # doctest: +SKIP
'Not minimal yet: round 3 is at or under the line (1 of 2 rounds in a row). 1 more round is needed.'

The rules, in one place (`_rounds.py`, `_metrics.py`, `_readiness.py` hold the code):

- A round's *load* is the sum of its items' severities (1-5). A round *counts as minimal*
  when its load is at or under the team's threshold, and feedback *has become minimal*
  after `rounds_in_a_row` such rounds in a row, ending with the latest round.
- A round number skipped between the first and the last is a round that brought no items
  (load 0): a team cannot log a row for a round where nobody raised anything. The
  `feedback` check names each one, so a typo in a round number gets noticed.
- A metric is *met* when its latest reading reaches the target, and *on track* when the
  latest reading has moved from the baseline toward the target. The workbook has no
  target date, so there is no "expected by now" to compare with. A metric whose latest
  reading sits at the baseline, or has moved away from the target, is off track.
- Ready to scale up means all five readiness statements hold. Three are computed:
  feedback minimal (the rule above), metrics on track (every metric on track or met; one
  without readings is not yet), and capacity (every organization's average self-assessment
  is 3 or more of 5). No field says whether the agreement admits new parties, so that one
  is the team's tick, and only counts when the workbook shows a path for it: an agreement
  type chosen, a feedback loop that reviews changes (the agreement's "Review and
  amendment" clause runs through it), and a RACI row "Admit a new member" with one A and
  an R. Funding is the team's tick alone.
- A metric's readings for a group (a `group_by` and a `group`) never count toward its
  status; `metric_groups` shows each group's latest reading beside the one for everyone,
  hides small groups by the agreement's smallest publishable count, and flags a ratio to
  everyone outside 0.8 to 1.25 (`_groups.py`).
"""

from ._groups import BAND, GroupReading, MetricGroups, group_policy, metric_groups
from ._metrics import MetricStatus, Readings, metric_status, readings_by_metric
from ._readiness import CAPACITY_MIN, READINESS_RULES, Readiness, ReadinessItem, readiness
from ._rounds import MinimalStatus, Round, long_date, minimal_status, rounds

__all__ = [
    "BAND",
    "GroupReading",
    "MetricGroups",
    "group_policy",
    "metric_groups",
    "CAPACITY_MIN",
    "READINESS_RULES",
    "MetricStatus",
    "MinimalStatus",
    "Readiness",
    "ReadinessItem",
    "Readings",
    "Round",
    "long_date",
    "metric_status",
    "minimal_status",
    "readiness",
    "readings_by_metric",
    "rounds",
]
