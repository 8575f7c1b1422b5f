"""Charts over a workbook: functions `Workbook -> plotly go.Figure` that display nothing.

>>> import guidelib
>>> from guidelib.charts import STEP_CHARTS
>>> wb = guidelib.open_workbook("workbook/example-kinship-care.json")  # doctest: +SKIP
>>> [chart(wb) for chart in STEP_CHARTS["capacity"]]  # doctest: +SKIP

`import guidelib` does not load this package: plotly is slow to import, and only the pages
that show a chart need it.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from ..content.registry import Registry
from ..workbook import Workbook
from .phase1 import (
    barrier_frequency,
    capacity_radar,
    capacity_radar_for,
    power_interest_grid,
    quadrant,
    risk_matrix,
)
from .phase2 import feedback_loop_diagram, launch_timeline, raci_heatmap
from .phase3 import convergence_chart, metrics_chart, readiness_chart

#: The charts shown beside a step's worksheet, by step id.
STEP_CHARTS: Registry[list[Callable[[Workbook], go.Figure]]] = Registry(
    "STEP_CHARTS",
    {
        "stakeholders": [power_interest_grid],
        "capacity": [capacity_radar, barrier_frequency],
        "value": [risk_matrix],
        "governance": [raci_heatmap],
        "feedback-loop": [feedback_loop_diagram],
        "launch": [launch_timeline],
        "reevaluate": [metrics_chart],
        "iterate": [convergence_chart],
        "until-minimal": [convergence_chart],
        "scale-up": [readiness_chart],
    },
)

__all__ = [
    "STEP_CHARTS",
    "barrier_frequency",
    "capacity_radar",
    "capacity_radar_for",
    "convergence_chart",
    "feedback_loop_diagram",
    "launch_timeline",
    "metrics_chart",
    "power_interest_grid",
    "quadrant",
    "raci_heatmap",
    "readiness_chart",
    "risk_matrix",
]
