"""Server-drawn SVG charts: well-formed, labels escaped, bars as tall as their values."""
import xml.etree.ElementTree as ET

from insights import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_a_stacked_bar_chart_is_valid_svg_with_bars_in_proportion():
    svg = charts.bar_chart("每日决定", ["12-01", "12-02"], [
        charts.Series("通过", [10, 5]), charts.Series("退回", [10, 0])])
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    heights = {r.find(f"{SVG}title").text: float(r.get("height")) for r in bars}
    assert set(heights) == {"12-01 通过: 10", "12-01 退回: 10", "12-02 通过: 5"}
    assert heights["12-01 通过: 10"] == 2 * heights["12-02 通过: 5"]


def test_labels_are_escaped():
    svg = charts.line_chart("<script>alert(1)</script>", ["a&b"], [charts.Series("<x>", [1.0])])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_a_line_chart_leaves_gaps_and_draws_the_target():
    svg = charts.line_chart("小时", ["1", "2", "3"], [charts.Series("中位数", [1.0, None, 3.0])], target=2)
    root = ET.fromstring(svg)
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert any(line.get("stroke-dasharray") for line in root.iter(f"{SVG}line"))


def test_an_empty_chart_still_draws():
    ET.fromstring(charts.bar_chart("空", [], []))
    assert charts.nice_max(0) == 1 and charts.nice_max(7) == 10 and charts.nice_max(230) == 250


def test_long_legend_names_move_below_the_title_instead_of_overlapping():
    names = ["Approve", "Return for revision", "Reject for good", "Take offline", "Auto-published (whitelist)"]
    svg = charts.bar_chart("Decisions per day (by outcome)", ["12-01"], [charts.Series(n, [1]) for n in names])
    root = ET.fromstring(svg)
    items = [t for t in root.iter(f"{SVG}text") if t.text in names]
    rows = {}
    for t in items:
        rows.setdefault(float(t.get("y")), []).append(float(t.get("x")))
    assert len(rows) > 1  # they do not all fit beside the title
    for xs in rows.values():  # on a row, each item starts past the previous one's end
        xs.sort()
        assert all(b - a >= 14 + 6 for a, b in zip(xs, xs[1:]))
    assert float(root.get("viewBox").split()[3]) > charts.HEIGHT  # the extra row makes the chart taller
    short = ET.fromstring(charts.bar_chart("每日决定", ["12-01"], [charts.Series("通过", [1])]))
    assert short.get("viewBox").split()[3] == str(charts.HEIGHT)
