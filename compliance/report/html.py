"""HTML: one self-contained file an auditor can open offline.

Summary, an inline SVG chart of findings by severity and list (or, for BOM findings,
the regulation cited), a sortable and filterable findings table with evidence, and
the provenance. No network: styles and script are inline and a Content-Security-Policy
forbids loading anything else. Every value from the report is HTML-escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from compliance.model.finding import Finding
from compliance.report.describe import (
    SEVERITY_ORDER,
    citation_text,
    evidence_pairs,
    group_label,
    location,
    match_text,
    subject_label,
)
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report

COLOURS = {"critical": "#7f1d1d", "high": "#dc2626", "medium": "#d97706", "low": "#2563eb", "info": "#6b7280"}
RANK = {name: len(SEVERITY_ORDER) - i for i, name in enumerate(SEVERITY_ORDER)}

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1200px;padding:1rem 1.5rem;color:#111}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ddd}
.verdict{padding:.6rem .8rem;border-radius:6px;font-weight:600}.fail{background:#fee2e2}.pass{background:#dcfce7}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0}.card{border:1px solid #ddd;border-radius:6px;padding:.4rem .8rem;min-width:6rem}
.card b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e5e5;padding:.35rem .45rem;text-align:left;vertical-align:top}
th{background:#f5f5f5;cursor:pointer;user-select:none;white-space:nowrap}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
.sev{color:#fff;border-radius:4px;padding:0 .35rem;font-size:.85em}
.controls{display:flex;gap:.6rem;flex-wrap:wrap;margin:.6rem 0}.controls input{flex:1;min-width:14rem;padding:.3rem}
details summary{cursor:pointer;color:#444}dl{margin:.3rem 0;display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem}dt{color:#555}
code{font-size:.9em}.muted{color:#666}.notice{background:#fef9c3;padding:.3rem .6rem;margin:.2rem 0;border-radius:4px}
.warning{background:#fee2e2;padding:.3rem .6rem;margin:.2rem 0;border-radius:4px}
"""

SCRIPT = """
(function(){
  var table=document.getElementById('findings'); if(!table) return;
  var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
  var text=document.getElementById('filter-text'), sev=document.getElementById('filter-severity'),
      st=document.getElementById('filter-status'), count=document.getElementById('shown-count');
  function apply(){
    var q=text.value.trim().toLowerCase(), n=0;
    rows.forEach(function(r){
      var ok=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(!sev.value||r.dataset.severity===sev.value)&&(!st.value||r.dataset.status===st.value);
      r.hidden=!ok; if(ok) n++;
    });
    count.textContent=n+' of '+rows.length+' shown';
  }
  [text,sev,st].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var numeric=th.dataset.type==='number';
      rows.sort(function(a,b){
        var x=a.cells[i].dataset.sort||a.cells[i].textContent, y=b.cells[i].dataset.sort||b.cells[i].textContent;
        var c=numeric?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y);
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  apply();
})();
"""


def _chart(findings: list[Finding]) -> str:
    """Horizontal stacked bars: one per list/regulation, one segment per severity."""
    counts = Counter((group_label(f), f.severity.value) for f in findings)
    groups = sorted({g for g, _ in counts}, key=lambda g: (-sum(v for (k, _), v in counts.items() if k == g), g))
    if not groups:
        return '<p class="muted" id="chart-empty">No findings to chart.</p>'
    label_w, bar_w, row_h = 330, 520, 26
    biggest = max(sum(counts[(g, s)] for s in SEVERITY_ORDER) for g in groups)
    height = row_h * len(groups) + 40
    parts = [
        f'<svg id="chart" role="img" aria-label="Findings by severity and list" xmlns="http://www.w3.org/2000/svg" '
        f'width="{label_w + bar_w + 60}" height="{height}" viewBox="0 0 {label_w + bar_w + 60} {height}">',
        "<title>Findings by severity and list</title>",
    ]
    for i, group in enumerate(groups):
        y = 10 + i * row_h
        label = group if len(group) <= 48 else group[:47] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>')
        x = float(label_w)
        total = 0
        for sev in SEVERITY_ORDER:
            n = counts[(group, sev)]
            if not n:
                continue
            w = bar_w * n / biggest
            parts.append(
                f'<rect class="bar" data-group="{escape(group)}" data-severity="{sev}" data-count="{n}" '
                f'x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{COLOURS[sev]}">'
                f"<title>{escape(group)}: {n} {sev}</title></rect>"
            )
            x += w
            total += n
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{total}</text>')
    legend_y = 10 + len(groups) * row_h + 12
    x = label_w
    for sev in SEVERITY_ORDER:
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{COLOURS[sev]}"/>')
        parts.append(f'<text x="{x + 16}" y="{legend_y}" font-size="12">{sev}</text>')
        x += 80
    parts.append("</svg>")
    return "".join(parts)


def _finding_row(f: Finding) -> str:
    evidence = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in evidence_pairs(f))
    if f.match:
        evidence = f"<dt>match</dt><dd>{escape(match_text(f))}</dd>" + evidence
    evidence += f"<dt>fingerprint</dt><dd><code>{f.fingerprint}</code></dd>"
    if f.waiver:
        evidence += f"<dt>waiver</dt><dd>{escape(f.waiver)}</dd>"
    cite = f'<a href="{escape(f.citation.url)}" rel="noreferrer noopener">{escape(citation_text(f.citation))}</a>'
    verify = ' <strong title="the rule\'s status on the as-of date is unverified">VERIFY</strong>' if f.verify else ""
    return (
        f'<tr data-severity="{f.severity.value}" data-status="{f.status.value}">'
        f'<td data-sort="{RANK[f.severity.value]}"><span class="sev" style="background:{COLOURS[f.severity.value]}">'
        f"{f.severity.value}</span></td>"
        f"<td>{f.status.value}</td>"
        f"<td><code>{escape(f.rule_id)}</code><br><span class=muted>{f.outcome.value}</span>{verify}</td>"
        f"<td>{escape(subject_label(f))}</td>"
        f'<td data-sort="{escape(f.subject.file)}:{(f.subject.row or 0):09d}">{escape(location(f))}</td>'
        f"<td>{escape(f.message)}<details><summary>evidence</summary><dl>{evidence}</dl></details></td>"
        f"<td>{cite}</td></tr>"
    )


def _provenance(report: Report) -> str:
    p = report.provenance
    rows = [f"<tr><td>rule pack</td><td>{escape(r.id)} {escape(r.version)}</td><td><code>{r.sha256}</code></td><td>{escape(r.path)}</td></tr>" for r in p.rule_packs]
    rows += [f"<tr><td>list</td><td>{escape(l.id)} ({escape(l.snapshot_date)}, {l.records} records)</td><td><code>{l.sha256}</code></td><td>{escape(l.source)}</td></tr>" for l in p.lists]
    rows += [
        f"<tr><td>input ({escape(i.kind)})</td><td>{escape(i.path)}</td><td><code>{i.sha256}</code></td>"
        f"<td>read {i.rows_read}, screened {i.rows_screened}, rejected {i.rows_rejected}</td></tr>"
        for i in p.inputs
    ]
    rows += [
        f"<tr><td>waiver ({escape(w.state)})</td><td>{escape(w.id)}: rule {escape(w.rule)}</td>"
        f"<td>{escape(w.file)}:{w.line or '-'}</td><td>approved by {escape(w.approved_by)} on {w.approved_on}, "
        f"expires {w.expires}; {escape(w.justification)}; matched {len(w.matched)}</td></tr>"
        for w in p.waivers
    ]
    if p.baseline:
        rows.append(
            f"<tr><td>baseline</td><td>{escape(p.baseline.path)}</td><td><code>{p.baseline.sha256}</code></td>"
            f"<td>{p.baseline.fingerprints} fingerprints, {p.baseline.matched} still present</td></tr>"
        )
    settings = ", ".join(f"{escape(str(k))}={escape(str(v))}" for k, v in p.settings.items())
    return (
        '<table id="provenance"><thead><tr><th>what</th><th>id</th><th>sha256 / where</th><th>details</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table><p class=muted>settings: {settings or 'defaults'}</p>"
    )


class HtmlFormat(ReportFormat):
    name = "html"

    def render(self, report: Report, options: RenderOptions) -> str:
        s = report.summary
        failing = report.failing_findings()
        verdict = (
            f'<p class="verdict fail">{len(failing)} open finding(s) at or above {escape(report.fail_on)}</p>'
            if failing
            else f'<p class="verdict pass">No open finding at or above {escape(report.fail_on)}</p>'
        )
        cards = [("findings", s.total), ("open", s.open)] + [(k, v) for k, v in s.by_severity.items()]
        cards += [("unverified", s.unverified), ("rows screened", s.rows_screened), ("rows rejected", s.rows_rejected)]
        summary = "".join(f'<div class="card" data-key="{escape(k)}">{escape(k)}<b>{v}</b></div>' for k, v in cards)
        messages = "".join(f'<div class="warning">warning: {escape(w)}</div>' for w in report.warnings)
        messages += "".join(f'<div class="notice">notice: {escape(n)}</div>' for n in report.notices)
        if report.coverage:
            messages += (f'<details class="warning" open><summary>not covered: {len(report.coverage)} thing(s) this run could '
                         f'not look at</summary><table id=coverage><thead><tr><th>gap</th><th>subject</th><th>why</th></tr></thead><tbody>'
                         + "".join(f"<tr><td>{escape(g.kind)}</td><td>{escape(g.subject)}</td><td>{escape(g.reason)}</td></tr>"
                                   for g in report.coverage)
                         + "</tbody></table></details>")
        if s.hidden:
            messages += f'<div class="notice">{s.hidden} finding(s) below --min-severity are not shown</div>'
        outcome = ", ".join(f"{escape(k)} {v}" for k, v in s.by_outcome.items()) or "none"
        options_sev = "".join(f'<option value="{x}">{x}</option>' for x in SEVERITY_ORDER)
        options_st = "".join(f'<option value="{x}">{x}</option>' for x in ("open", "waived", "baseline"))
        rejected = ""
        if report.rejected:
            rejected = "<h2>Rejected rows (not screened)</h2><table id=rejected><thead><tr><th>location</th><th>field</th><th>reason</th></tr></thead><tbody>"
            rejected += "".join(
                f"<tr><td>{escape(r.file)}:{r.row or '-'}</td><td>{escape(r.field or '')}</td><td>{escape(r.reason)}</td></tr>"
                for r in report.rejected
            )
            rejected += "</tbody></table>"
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance report, as of {escape(report.as_of)}</title>
<style>{STYLE}</style></head>
<body>
<header><h1>Export-control compliance report</h1>
<p class=muted>compliance {escape(report.tool.version)} · as of {escape(report.as_of)} · scenario {escape(report.scenario)} · fail-on {escape(report.fail_on)} · generated {escape(report.generated_at)}</p></header>
<section id="summary"><h2>Summary</h2>{verdict}<div class="cards">{summary}</div>
<p>Outcomes: {outcome}. Status: {", ".join(f"{escape(k)} {v}" for k, v in s.by_status.items()) or "none"}.</p>{messages}</section>
<section><h2>Findings by severity and list</h2>{_chart(report.findings)}</section>
<section><h2>Findings</h2>
<div class="controls"><input id="filter-text" type="search" placeholder="Filter: part, party, rule, text…" aria-label="filter findings">
<select id="filter-severity" aria-label="severity"><option value="">all severities</option>{options_sev}</select>
<select id="filter-status" aria-label="status"><option value="">all statuses</option>{options_st}</select>
<span id="shown-count" class=muted></span></div>
<table id="findings"><thead><tr><th data-type="number">severity</th><th>status</th><th>rule</th><th>subject</th><th>location</th><th>finding</th><th>source</th></tr></thead>
<tbody>{"".join(_finding_row(f) for f in report.findings)}</tbody></table></section>
{rejected}
<section><h2>Provenance</h2>{_provenance(report)}</section>
<script>{SCRIPT}</script>
</body></html>
"""
