"""HTML: one self-contained file a compliance officer can open offline.

The verdict per subject at the top (who must act, what to do), filters by verdict, role
and list, then the findings grouped by band — obligations, checks, information, never
mixed — each with its deciding numbers, next step, VERIFY explained, and its evidence
expandable; counts and an inline SVG chart of findings by severity and list (or, for BOM
findings, the regulation cited), and the provenance. No network: styles and script are inline and a Content-Security-Policy
forbids loading anything else.

A report is untrusted input (`report render` reads JSON anyone may have written), so the
page is rendered by Jinja2 with autoescaping on: every value is escaped unless the
template says otherwise, and it never does. The policy allows exactly one script, by its
sha256 (no 'unsafe-inline' for scripts), and a link is made only of an http(s) URL.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from functools import lru_cache

from compliance.model.finding import Finding
from compliance.model.subjects import VERDICTS, assign, key_of
from compliance.report import digest
from compliance.report.describe import (
    SEVERITY_ORDER,
    safe_url,
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


STYLE = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1360px;padding:.6rem 1.5rem;color:#111}
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
header p{margin:.15rem 0}.legal{font-size:.85em;color:#555;font-style:italic}
.vbadge{border-radius:4px;padding:0 .35rem;font-weight:600;white-space:nowrap}.v-prohibited .vbadge,.vbadge.v-prohibited{background:#7f1d1d;color:#fff}
.vbadge.v-licence-required{background:#dc2626;color:#fff}.vbadge.v-check{background:#fde68a}.vbadge.v-clear{background:#dcfce7}
#verdict-table td,#verdict-table th{padding:.2rem .45rem}#verdict-table td:nth-child(1),#verdict-table td:nth-child(3),#verdict-table td:nth-child(6){white-space:nowrap}
#verdict-table td:nth-child(4){min-width:28rem}#verdict-table td:nth-child(2){max-width:18rem}#verdict-table td:nth-child(7){font-size:.85em;word-break:break-all}h2{margin-top:1rem}tr.band-head th{background:#e5e7eb;text-align:left;cursor:default;font-size:1rem}
tbody[data-band=obligation] tr.band-head th{background:#fee2e2}tbody[data-band=information] tr.band-head th{background:#e0f2fe}
#findings td:nth-child(4){min-width:24rem}#findings td:nth-child(2){max-width:14rem}
.verify{font-size:.85em;background:#fef9c3;border-radius:4px;padding:.1rem .3rem;margin-top:.2rem}.facts{font-weight:500}
"""

SCRIPT = """
(function(){
  var table=document.getElementById('findings'); if(!table) return;
  var rows=Array.prototype.slice.call(table.querySelectorAll('tr.finding'));
  var subjects=Array.prototype.slice.call(document.querySelectorAll('#verdict-table tr.subject'));
  var text=document.getElementById('filter-text'), sev=document.getElementById('filter-severity'),
      st=document.getElementById('filter-status'), count=document.getElementById('shown-count'),
      verdict=document.getElementById('filter-verdict'), role=document.getElementById('filter-role'),
      list=document.getElementById('filter-list');
  function pick(el){return el?el.value:'';}
  function byGroup(r){
    var v=pick(verdict), ro=pick(role), l=pick(list);
    return (!v||r.dataset.verdict===v)&&(!ro||r.dataset.role===ro)&&(!l||(' '+r.dataset.lists+' ').indexOf(' '+l+' ')>=0);
  }
  function listed(r){  // clear subjects are counted on the page, listed when 'clear' is chosen
    return byGroup(r)&&(r.dataset.verdict!=='clear'||!r.dataset.plain||pick(verdict)==='clear');
  }
  function apply(){
    var q=text.value.trim().toLowerCase(), n=0;
    rows.forEach(function(r){
      var ok=byGroup(r)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(!sev.value||r.dataset.severity===sev.value)&&(!st.value||r.dataset.status===st.value);
      r.hidden=!ok; if(ok) n++;
    });
    subjects.forEach(function(r){r.hidden=!listed(r);});
    Array.prototype.forEach.call(table.tBodies,function(b){
      b.hidden=!Array.prototype.some.call(b.rows,function(r){return r.classList.contains('finding')&&!r.hidden;});
    });
    count.textContent=n+' of '+rows.length+' shown';
  }
  [text,sev,st,verdict,role,list].forEach(function(el){if(!el)return;el.addEventListener('input',apply);el.addEventListener('change',apply);});
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var numeric=th.dataset.type==='number';
      Array.prototype.forEach.call(table.tBodies,function(body){
        var own=Array.prototype.filter.call(body.rows,function(r){return r.classList.contains('finding');});
        own.sort(function(a,b){
          var x=a.cells[i].dataset.sort||a.cells[i].textContent, y=b.cells[i].dataset.sort||b.cells[i].textContent;
          var c=numeric?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y);
          return asc?c:-c;
        });
        own.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  apply();
})();
"""


SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
#: styles stay inline (one file, offline; the colours are style attributes); scripts do not
CSP = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("compliance.report", "templates"),
        autoescape=True,  # every value, whatever the file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


def _chart(findings: list[Finding]) -> dict | None:
    """Horizontal stacked bars: one per list/regulation, one segment per severity."""
    counts = Counter((group_label(f), f.severity.value) for f in findings)
    groups = sorted({g for g, _ in counts}, key=lambda g: (-sum(v for (k, _), v in counts.items() if k == g), g))
    if not groups:
        return None
    label_w, bar_w, row_h = 330, 520, 26
    biggest = max(sum(counts[(g, s)] for s in SEVERITY_ORDER) for g in groups)
    rows = []
    for i, group in enumerate(groups):
        y = 10 + i * row_h
        x = float(label_w)
        bars = []
        for sev in SEVERITY_ORDER:
            n = counts[(group, sev)]
            if n:
                w = bar_w * n / biggest
                bars.append({"severity": sev, "count": n, "x": f"{x:.1f}", "width": f"{w:.1f}", "colour": COLOURS[sev]})
                x += w
        label = group if len(group) <= 48 else group[:47] + "…"
        rows.append({"group": group, "label": label, "y": y, "bars": bars, "end": f"{x + 6:.1f}", "total": sum(b["count"] for b in bars)})
    legend_y = 10 + len(groups) * row_h + 12
    legend = [{"severity": sev, "x": label_w + 80 * i, "colour": COLOURS[sev]} for i, sev in enumerate(SEVERITY_ORDER)]
    width, height = label_w + bar_w + 60, row_h * len(groups) + 40
    return {"width": width, "height": height, "label_w": label_w, "row_h": row_h, "rows": rows, "legend": legend, "legend_y": legend_y}


#: clear subjects listed in the verdict table; the rest are counted (a BOM has 100,000 parts)
MAX_CLEAR_ROWS = 500


def _finding_row(f: Finding, subject=None) -> dict:
    evidence = ([("match", match_text(f))] if f.match else []) + list(evidence_pairs(f))
    return {
        "f": f,
        "rank": RANK[f.severity.value],
        "colour": COLOURS[f.severity.value],
        "subject": subject_label(f),
        "location": location(f),
        "sort_location": f"{f.subject.file}:{(f.subject.row or 0):09d}",
        "evidence": evidence,
        "citation": citation_text(f.citation),
        "url": safe_url(f.citation.url),
        "anchor": f"f-{f.fingerprint}",
        "facts": digest.facts(f),
        "verify": digest.verify_text(f) or "",
        "verdict": subject.verdict if subject else "",
        "role": (subject.role or subject.kind) if subject else "",
        "lists": " ".join(subject.lists) if subject else (f.match.list if f.match else ""),
        "key": _key(subject) if subject else "",
    }


def _key(subject) -> str:
    """A stable id for a subject's row (used by links and filters)."""
    return hashlib.sha256("\x1f".join(map(str, key_of(subject))).encode("utf-8")).hexdigest()[:12]


def _verdict_row(subject) -> dict:
    counts = ", ".join(f"{n} {digest.COUNT_LABELS.get(k, k)}" for k, n in subject.counts.items() if n)
    return {
        "s": subject,
        "key": _key(subject),
        "label": digest.VERDICT_LABELS[subject.verdict],
        "role": subject.role or subject.kind,
        "action": digest.verdict_action(subject) or "—",
        "counts": counts,
        "where": f"{subject.file}:{subject.row}" if subject.row else subject.file,
        "plain": subject.verdict == "clear" and not any(subject.counts.values()),
        "verify_title": "the status of the rule behind the strongest finding is unconfirmed after its verify date; checked as written",
    }


class HtmlFormat(ReportFormat):
    name = "html"

    def render(self, report: Report, options: RenderOptions) -> str:
        s = report.summary
        cards = [("findings", s.total), ("open", s.open)] + [(k, v) for k, v in s.by_severity.items()]
        cards += [("unverified", s.unverified), ("rows screened", s.rows_screened), ("rows rejected", s.rows_rejected)]
        judged = {key_of(x): x for x in report.subjects}
        subject_of = {}
        for subject, members in assign(report.findings, report.provenance.inputs):
            for f in members:
                subject_of[f.fingerprint] = judged.get(key_of(subject), subject)
        flagged = digest.flagged_subjects(report)
        listed = {id(x) for x in flagged}
        clear = [x for x in report.subjects if id(x) not in listed]
        shown_subjects = flagged + clear[:MAX_CLEAR_ROWS]
        rows = [_finding_row(f, subject_of.get(f.fingerprint)) for f in report.findings]
        bands = [(band, [r for r in rows if r["f"].outcome.band == band]) for band in digest.BANDS]
        return _template().render(
            report=report,
            summary=s,
            failing=len(report.failing_findings()),
            cards=cards,
            chart=_chart(report.findings),
            bands=[(band, items) for band, items in bands if items],
            band_titles=digest.BAND_TITLES,
            verdict_rows=[_verdict_row(x) for x in shown_subjects],
            verdict_counts=digest.verdict_counts(report),
            clear_line=digest.clear_count_line(report),
            clear_hidden=len(clear) - len(clear[:MAX_CLEAR_ROWS]),
            verdicts=[v for v in VERDICTS if any(x.verdict == v for x in report.subjects)],
            roles=sorted({x.role or x.kind for x in report.subjects}),
            lists=sorted({name for x in report.subjects for name in x.lists}),
            not_legal_advice=digest.NOT_LEGAL_ADVICE,
            severities=SEVERITY_ORDER,
            statuses=("open", "waived", "baseline"),
            settings=[(str(k), str(v)) for k, v in report.provenance.settings.items()],
            csp=CSP,
            style=STYLE,
            script=SCRIPT,
        )
