"""Charts as inline SVG, so a report needs no script and no network to show them."""

from html import escape

# Okabe-Ito: told apart by people with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def _attrs(**values: object) -> str:
    return " ".join(f'{name.replace("_", "-")}="{escape(str(v))}"' for name, v in values.items())


def line_chart(
    title: str,
    x_labels: list[str],
    series: dict[str, list[float | None]],
    width: int = 720,
    height: int = 280,
) -> str:
    """Percentages (0-100) over points in time, one line per series, with a legend.

    Args:
        title: Accessible name of the chart.
        x_labels: Label of each point in time, oldest first.
        series: Values per series, aligned with ``x_labels``; None where a series has no value.
        width: Width in pixels.
        height: Height in pixels.
    """
    left, right, top, bottom = 44, 150, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(x_labels)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    parts = [
        f'<svg class="chart" role="img" {_attrs(viewBox=f"0 0 {width} {height}", width=width, height=height, aria_label=title)}>',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f"<line {_attrs(x1=left, x2=left + plot_w, y1=y(tick), y2=y(tick), stroke='#ddd')}/>"
            f"<text {_attrs(x=left - 6, y=y(tick) + 4, text_anchor='end', font_size=11)}>{tick}%</text>"
        )
    step = max(1, n // 6)
    for i, label in enumerate(x_labels):
        if i % step == 0 or i == n - 1:
            parts.append(
                f"<text {_attrs(x=x(i), y=top + plot_h + 18, text_anchor='middle', font_size=11)}>"
                f"{escape(label)}</text>"
            )
    for k, (name, values) in enumerate(series.items()):
        color = PALETTE[k % len(PALETTE)]
        points = [(x(i), y(v), v) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            parts.append(
                f'<polyline class="series" {_attrs(points=path, fill="none", stroke=color, stroke_width=2)}/>'
            )
        for px, py, v in points:
            parts.append(
                f'<circle class="point" {_attrs(cx=f"{px:.1f}", cy=f"{py:.1f}", r=3.5, fill=color)}>'
                f"<title>{escape(name)}: {v:.1f}%</title></circle>"
            )
        ly = top + 14 + 18 * k
        parts.append(
            f"<rect {_attrs(x=width - right + 14, y=ly - 9, width=12, height=12, fill=color)}/>"
            f"<text {_attrs(x=width - right + 32, y=ly + 1, font_size=12)}>{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    title: str, bars: list[tuple[str, int]], unit: str, width: int = 720, bar_height: int = 22
) -> str:
    """Horizontal bars, longest first as given, each labelled with its value.

    Args:
        title: Accessible name of the chart.
        bars: (label, value) pairs.
        unit: What the values count, shown after each value.
        width: Width in pixels.
        bar_height: Height of one bar and its gap.
    """
    left, right = 240, 120
    height = max(1, len(bars)) * bar_height + 8
    most = max((v for _, v in bars), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" {_attrs(viewBox=f"0 0 {width} {height}", width=width, height=height, aria_label=title)}>',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(bars):
        top = 4 + i * bar_height
        length = max(1.0, (width - left - right) * value / most)
        parts.append(
            f"<text {_attrs(x=left - 8, y=top + bar_height / 2 + 4, text_anchor='end', font_size=12)}>"
            f"{escape(label)}</text>"
            f'<rect class="bar" {_attrs(x=left, y=top + 3, width=f"{length:.1f}", height=bar_height - 6, fill=PALETTE[0])}>'
            f"<title>{escape(label)}: {value} {escape(unit)}</title></rect>"
            f"<text {_attrs(x=left + length + 6, y=top + bar_height / 2 + 4, font_size=12)}>"
            f"{value} {escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
