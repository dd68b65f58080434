"""A self-contained HTML page of a cleaning result: side by side, every change annotated.

Everything the page needs is inline (no fonts, styles or scripts from the network), so it can
be mailed or archived with the cable. The small script only adds filtering and counts.
"""

from __future__ import annotations

from html import escape

from .diffview import INSERTED, REMOVED, UNRESOLVED, Change, Palette, align, notes_by_line, word_hunks
from .engine import Result

HTML_COLORS = ("#0b7285", "#862e9c", "#1864ab", "#a61e4d", "#5f3dc4", "#087f5b", "#d9480f", "#495057")
CLASS_OF_STYLE = {REMOVED: "removed", INSERTED: "inserted", UNRESOLVED: "unresolved"}

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #212529; }
h1 { font-size: 1.3em; }
table.sbs { border-collapse: collapse; width: 100%; font-family: ui-monospace, monospace; font-size: 13px; }
table.sbs td { vertical-align: top; padding: 0 .4em; white-space: pre-wrap; word-break: break-word; }
table.sbs td.num { color: #868e96; text-align: right; user-select: none; width: 3em; }
table.sbs tr.changed td.text { background: #fff9db; }
table.sbs tr.note td { font-family: system-ui, sans-serif; font-size: 12px; color: #495057; padding-left: 2em; }
del.removed { background: #ffe3e3; color: #c92a2a; }
ins.inserted { background: #d3f9d8; color: #2b8a3e; text-decoration: none; }
mark.unresolved { background: #ffec99; text-decoration: underline wavy #e67700; }
.tag { font-weight: 600; }
.nl { color: #adb5bd; }
table.list { border-collapse: collapse; margin-top: 1em; font-size: 13px; }
table.list th, table.list td { border: 1px solid #dee2e6; padding: .2em .5em; text-align: left; }
body.only-changes tr.same, body.only-unresolved tr:not(.has-unresolved) { display: none; }
"""

SCRIPT = """
(function () {
  function distinct(selector) {
    var numbers = {};
    document.querySelectorAll(selector).forEach(function (el) {
      el.getAttribute('data-change').split(',').forEach(function (n) { if (n) { numbers[n] = true; } });
    });
    return numbers;
  }
  var numbers = distinct('[data-change]');
  var unresolved = Object.keys(distinct('mark.unresolved[data-change]')).length;
  var counts = document.getElementById('rendered-counts');
  counts.textContent = Object.keys(numbers).length + ' changes shown, ' + unresolved + ' unresolved';
  counts.setAttribute('data-rendered', 'yes');
  document.getElementById('only-changes').addEventListener('change', function (e) {
    document.body.classList.toggle('only-changes', e.target.checked);
  });
  document.getElementById('only-unresolved').addEventListener('change', function (e) {
    document.body.classList.toggle('only-unresolved', e.target.checked);
  });
})();
"""


def _marked(text: str, span: tuple[int, int], marks, numbers: dict[tuple[int, int], str]) -> str:
    """Escaped text of one line with its changed parts wrapped in del/ins/mark elements."""
    start, end = span
    out, position = [], start
    tags = {"removed": "del", "inserted": "ins", "unresolved": "mark"}
    for mark_start, mark_end, style in sorted(marks):
        s, e = max(position, mark_start), min(end, mark_end)
        if e <= s:
            continue
        css = CLASS_OF_STYLE[style]
        tag = tags[css]
        number = numbers.get((mark_start, mark_end), "")
        out.append(escape(text[position:s]))
        out.append(f'<{tag} class="{css}" data-change="{escape(number)}">{escape(text[s:e])}</{tag}>')
        position = e
    out.append(escape(text[position:end]))
    return "".join(out)


def _describe(change: Change, palette_colors: dict[str, str]) -> str:
    edit = change.edit
    color = palette_colors.get(edit.filter, "#495057")
    parts = [f'<span class="tag" style="color:{color}">[{change.number}] {escape(change.label)}</span>',
             f"{edit.confidence:.2f}"]
    if change.unresolved:
        parts.append('<mark class="unresolved">unresolved</mark>')
    parts.append(f"{escape(repr(edit.before))} → {escape(repr(edit.replacement))}")
    if len(edit.steps) > 1:
        parts.append("via " + escape(", ".join(f"{s.filter}:{s.rule}" for s in edit.steps)))
    if edit.note:
        parts.append(escape(edit.note))
    return " · ".join(parts)


def html_report(result: Result, name: str) -> str:
    """The page for one cleaned document."""
    hunks = word_hunks(result)
    changes = [c for h in hunks for c in h.changes]
    palette = Palette(changes)
    colors = {f: HTML_COLORS[list(palette.colors).index(f) % len(HTML_COLORS)] for f in palette.colors}
    alignment = align(result, hunks)
    in_numbers = {(h.start, h.end): ",".join(str(c.number) for c in h.changes) for h in hunks}
    out_numbers = {(h.out_start, h.out_end): ",".join(str(c.number) for c in h.changes) for h in hunks if h.applied}
    notes = notes_by_line(result, hunks)
    unresolved_lines = {line for line, found in notes.items() if any(c.unresolved for c in found)}
    applied = sum(not c.unresolved for c in changes)

    rows = []
    for row in alignment.rows:
        left = "" if row.left is None else _marked(result.original, alignment.left_lines[row.left], alignment.input_marks, in_numbers)
        right = "" if row.right is None else _marked(result.text, alignment.right_lines[row.right], alignment.output_marks, out_numbers)
        classes = ["changed" if row.changed else "same"]
        if row.left in unresolved_lines:
            classes.append("has-unresolved")
        rows.append(
            f'<tr class="{" ".join(classes)}"><td class="num">{"" if row.left is None else row.left + 1}</td>'
            f'<td class="text">{left}</td><td class="num">{"" if row.right is None else row.right + 1}</td>'
            f'<td class="text">{right}</td></tr>'
        )
        for change in notes.pop(row.left, []) if row.left is not None else []:
            rows.append(f'<tr class="note changed{" has-unresolved" if change.unresolved else ""}">'
                        f'<td></td><td colspan="3">{_describe(change, colors)}</td></tr>')
    for change in (c for found in notes.values() for c in found):
        rows.append(f'<tr class="note changed"><td></td><td colspan="3">{_describe(change, colors)}</td></tr>')

    legend = []
    for filter_name in palette.colors:
        rules: dict[str, int] = {}
        for change in changes:
            if change.edit.filter == filter_name:
                rules[change.edit.rule] = rules.get(change.edit.rule, 0) + 1
        listed = ", ".join(f"{escape(rule)} {count}" for rule, count in rules.items())
        legend.append(f'<li><span class="tag" style="color:{colors[filter_name]}">{escape(filter_name)}</span>: {listed}</li>')

    listing = []
    line_of = result.original.count
    for change in changes:
        edit = change.edit
        listing.append(
            f"<tr><td>{change.number}</td><td>{line_of(chr(10), 0, edit.start) + 1}</td><td>{change.status}</td>"
            f"<td>{escape(edit.filter)}</td><td>{escape(edit.rule)}</td><td>{edit.confidence:.2f}</td>"
            f"<td>{escape(repr(edit.before))}</td><td>{escape(repr(edit.replacement))}</td><td>{escape(edit.note)}</td></tr>"
        )

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ocrfix: {escape(name)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>ocrfix: {escape(name)}</h1>
<p id="summary" data-applied="{applied}" data-unresolved="{len(changes) - applied}">{applied} changes applied, {len(changes) - applied} unresolved.
<span id="rendered-counts"></span></p>
<p>Legend: <del class="removed">removed</del> <ins class="inserted">inserted</ins> <mark class="unresolved">unresolved</mark>;
[n] names change n, explained under its line.</p>
<ul id="legend">{"".join(legend)}</ul>
<p><label><input type="checkbox" id="only-changes"> only lines with changes</label>
<label><input type="checkbox" id="only-unresolved"> only unresolved</label></p>
<table class="sbs" id="side-by-side">
<thead><tr><th>#</th><th>input</th><th>#</th><th>cleaned</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<h2>Every change</h2>
<table class="list" id="changes">
<thead><tr><th>#</th><th>line</th><th>status</th><th>filter</th><th>rule</th><th>confidence</th><th>before</th><th>after</th><th>note</th></tr></thead>
<tbody>
{chr(10).join(listing)}
</tbody>
</table>
<script>{SCRIPT}</script>
</body>
</html>
"""
