"""Built-in chart kinds (placeholder set, replaced by the chart engine)."""
from publisher.charts.registry import kind


@kind("bar", "vertical bars")
def bar(ax, chart, style):
    ax.bar(chart.categories, chart.series[0].values)
