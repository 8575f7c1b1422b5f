"""plotly.js itself, for pages that must draw their charts with no network."""

from __future__ import annotations

from plotly.offline import get_plotlyjs


def plotly_script() -> str:
    """plotly.js inline, in a script element."""
    return f'<script type="text/javascript">{get_plotlyjs()}</script>'
