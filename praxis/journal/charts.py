"""The practice log as an SVG chart (hours of support per month)."""

from praxis.charts import Series, line_chart


def months_chart(summary) -> str:
    if not summary.by_month:
        return ""
    labels = [month.strftime("%b %Y") for month, _ in summary.by_month]
    hours = [round(minutes / 60, 1) for _, minutes in summary.by_month]
    top = max(hours) or 1
    return line_chart(
        labels,
        [Series("Hours of support", hours, "series-current")],
        y_min=0,
        y_max=top,
        y_labels=[(0, "0 h"), (top, f"{top:g} h")],
        title="Hours of support per month",
        description=f"Hours of support in each of {len(labels)} months; the same figures are in the table.",
        id_prefix="practice-months",
    )
