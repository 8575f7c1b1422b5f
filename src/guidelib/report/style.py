"""The report's look, on screen and on paper. System fonts only (a web font would need the
network). Rules start with `.gl-report` or `.gl-doc` so they win over JupyterLab's own
styles for rendered HTML (right-aligned, borderless, striped tables)."""

CSS = """\
body.jp-Notebook { max-width: 54rem; margin: 0 auto; padding: 1rem 1.5rem; }
.gl-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2328; line-height: 1.5; font-size: 15px; }
.gl-report h1 { font-size: 2rem; line-height: 1.2; margin: 0.25rem 0 0.75rem; }
.gl-report h2 { font-size: 1.5rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem;
  border-bottom: 2px solid #0072b2; }
.gl-report h3 { font-size: 1.2rem; margin: 1.75rem 0 0.4rem; }
.gl-report h4 { font-size: 1rem; margin: 0.9rem 0 0.15rem; }
.gl-report p, .gl-report li { margin: 0.2rem 0 0.5rem; overflow-wrap: break-word; }
.gl-report a { color: #0550ae; }
.gl-report .gl-kicker { text-transform: uppercase; letter-spacing: 0.05em; color: #57606a;
  font-weight: 600; margin: 0; }
.gl-report .gl-muted, .gl-report .subtitle { color: #57606a; }
.gl-report .gl-blank { font-style: italic; color: #57606a; }
.gl-report .gl-note { font-style: italic; }
.gl-report .gl-motto { font-size: 1.1rem; font-style: italic; color: #57606a; }
.gl-report .gl-num { color: #0072b2; margin-right: 0.3rem; }
.gl-report .gl-problem { border-left: 4px solid #0072b2; background: #f0f6fc;
  padding: 0.4rem 1rem; margin: 1rem 0; }
.gl-report .gl-problem h2 { border: 0; font-size: 1rem; margin: 0.3rem 0 0; }
.gl-report .gl-problem p { font-size: 1.15rem; }
.gl-report .gl-status { font-size: 0.75rem; font-weight: 600; padding: 0.05rem 0.5rem;
  border-radius: 0.7rem; border: 1px solid; vertical-align: middle; white-space: nowrap; }
.gl-report .gl-complete { color: #116329; background: #dafbe1; }
.gl-report .gl-in-progress { color: #7d4e00; background: #fff8c5; }
.gl-report .gl-not-started { color: #57606a; background: #f6f8fa; }
.gl-report .gl-critical { color: #a40e26; background: #ffebe9; }
.gl-report .gl-alert { border: 2px solid #b42318; background: #fff5f5; padding: 0.4rem 1rem;
  margin: 0.75rem 0; }
.gl-report .gl-ok { color: #116329; font-weight: 600; }
.gl-report table.gl-table, .gl-doc table { border-collapse: collapse; width: 100%;
  table-layout: auto; font-size: 0.85rem; margin: 0.4rem 0 1rem; color: #1f2328; }
.gl-report table.gl-table th, .gl-report table.gl-table td, .gl-doc table th,
.gl-doc table td { border: 1px solid #afb8c1; padding: 0.3rem 0.45rem; text-align: left;
  vertical-align: top; line-height: 1.4; overflow-wrap: anywhere; }
.gl-report table.gl-table thead th, .gl-doc table thead th { background: #eaeef2; }
.gl-report table.gl-table tbody tr:nth-child(n), .gl-doc table tbody tr:nth-child(n) {
  background: transparent; }
.gl-report table.gl-matrix td { text-align: center; }
.gl-report .gl-chart { margin: 0.5rem 0 1.25rem; break-inside: avoid; }
.gl-report details.gl-numbers { margin: -0.75rem 0 1.25rem; }
.gl-report details.gl-numbers > summary { cursor: pointer; font-weight: 600; color: #0550ae; }
.gl-report details.gl-numbers caption { text-align: left; font-weight: 600; }
.gl-report .gl-doc { border-top: 3px double #57606a; margin-top: 2.5rem; padding-top: 0.25rem; }
.gl-report .gl-doc-title { font-size: 1.4rem; }
.gl-doc .blank { font-style: italic; color: #57606a; }
.gl-doc .gap { font-style: italic; background: #fff3b0; }
.gl-doc .signature { margin: 1.25rem 0; break-inside: avoid; }
.gl-doc .signature p { margin: 0.2rem 0; }
.gl-doc .line { display: inline-block; min-width: 14rem; border-bottom: 1px solid #000; }
.gl-doc .line.date { min-width: 7rem; }
.gl-doc .clause { margin: 0.4rem 0 0.4rem 2.75rem; text-indent: -2.75rem; }
.gl-doc .clause .num { display: inline-block; min-width: 2.75rem; text-indent: 0; }
.gl-doc .item { margin-left: 5.5rem; }
.gl-doc .more, .gl-doc .definition { margin: 0.4rem 0 0.4rem 2.75rem; }
.gl-doc h4 .num { margin-right: 0.5rem; }
@media print {
  body.jp-Notebook { max-width: none; padding: 0; }
  .gl-report { font-size: 10.5pt; }
  .gl-report.gl-phase, .gl-report .gl-doc { break-before: page; }
  .gl-report h2, .gl-report h3, .gl-report h4 { break-after: avoid; }
  .gl-report .gl-field { break-inside: avoid; }
  .gl-report tr { break-inside: avoid; }
  .gl-report thead { display: table-header-group; }
}
"""
