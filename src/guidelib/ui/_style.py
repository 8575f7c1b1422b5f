"""The look of guidelib's forms: one stylesheet, shipped in an HTML widget.

Labels sit above their inputs (ipywidgets puts them to the left and cuts them short),
inputs take the width of the form, and status lines read as messages, not debug output.
Colours keep a contrast of at least 4.5:1 on white (WCAG 2.1 AA).
"""

from __future__ import annotations

import ipywidgets as w

from ..dashboard_page import NUMBERS_CSS

CSS = """
.gl-app { max-width: 880px; font-size: 15px; line-height: 1.45; color: #1f2328; }
.gl-app h1 { font-size: 1.6em; margin: 0.2em 0 0.1em; }
.gl-app h2 { font-size: 1.3em; margin: 0.8em 0 0.3em; }
.gl-app h3 { font-size: 1.1em; margin: 0.6em 0 0.2em; }
.gl-app .widget-html-content { line-height: 1.45; }  /* ipywidgets sets one line = 28px */
.gl-app .widget-html-content p { margin: 4px 0; }
.gl-muted { color: #57606a; }
.gl-field.widget-inline-hbox, .gl-field .widget-inline-hbox {
  flex-direction: column; align-items: stretch; width: 100%; height: auto; }
.gl-field .widget-label, .gl-field.widget-inline-hbox > .widget-label {
  width: auto !important; max-width: 100%; white-space: normal; text-align: left;
  font-weight: 600; line-height: 1.35; margin-bottom: 2px; overflow: visible; }
.gl-field input, .gl-field textarea, .gl-field select { width: 100%; font-size: 15px;
  flex: 0 0 auto !important; box-sizing: border-box; }
.gl-field select, .gl-field input[type="text"], .gl-field input[type="date"] { height: 32px; }
.gl-label { font-weight: 600; line-height: 1.35; margin: 2px 0; }
.gl-field textarea { min-height: 4.5em; font-family: inherit; line-height: 1.4; }
.gl-field .widget-toggle-buttons { flex-wrap: wrap; }
.gl-field .jupyter-button.mod-active { background: #0b5394; color: #fff; }
.gl-compact.widget-inline-hbox > .widget-label { font-weight: 500; font-size: 13px; }
.gl-compact input, .gl-compact select { font-size: 14px; }
.gl-help { color: #57606a; font-size: 13px; margin: 0 0 4px; }
.gl-rule { color: #0b5394; font-size: 13px; margin: 0 0 4px; }
.gl-block { margin: 6px 0 14px; }
.gl-row { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px 8px;
  margin: 4px 0; background: #f6f8fa; }
.gl-row-title { font-size: 13px; font-weight: 600; color: #57606a; }
.gl-guidance { background: #f3f7fb; border-left: 4px solid #0b5394; padding: 8px 14px;
  margin: 6px 0 14px; border-radius: 4px; }
.gl-guidance h3 { font-size: 14px; font-weight: 700; margin: 6px 0 0; }
.gl-guidance p { margin: 0 0 4px; }
.gl-status { min-height: 1.6em; font-size: 14px; }
.gl-worksheet > .gl-status { position: sticky; bottom: 0; background: #fff; z-index: 5;
  padding: 4px 0; }
.gl-multichoice .widget-checkbox { width: auto; height: auto; min-height: 24px; }
.gl-multichoice .widget-checkbox label { white-space: normal; overflow: visible;
  text-overflow: clip; line-height: 1.3; }
.gl-ok { color: #1a7f37; }
.gl-warn { color: #9a6700; }
.gl-error { color: #b42318; font-weight: 600; }
.gl-phase { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 14px; margin: 8px 0; }
.gl-phase h3 { margin-top: 2px; }
.gl-bar { background: #e6e9ed; border-radius: 4px; height: 10px; width: 100%; }
.gl-bar > div { background: #1a7f37; height: 10px; border-radius: 4px; }
.gl-steps { list-style: none; padding-left: 0; margin: 6px 0 0; }
.gl-steps li { padding: 1px 0; }
.gl-badge { display: inline-block; min-width: 7.5em; font-size: 12px; font-weight: 600;
  border-radius: 10px; padding: 0 8px; margin-right: 6px; text-align: center; }
.gl-badge.complete { background: #dafbe1; color: #116329; }
.gl-badge.in-progress { background: #fff8c5; color: #6f4a00; }
.gl-badge.not-started { background: #eaeef2; color: #424a53; }
.gl-panel { border-top: 1px solid #d0d7de; margin-top: 12px; padding-top: 6px; }
.gl-notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px;
  padding: 6px 10px; margin: 6px 0; }
.gl-download a { font-weight: 600; }
.gl-panel .jupyter-button { margin: 4px 0 12px; }
.gl-grid { border-collapse: collapse; margin: 4px 0 8px; }
.gl-sr-label > .widget-label { position: absolute !important; width: 1px !important;
  height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.gl-matrix .widget-gridbox { gap: 4px 8px; align-items: center; }
.gl-matrix select { min-width: 56px; }
.gl-matrix-head { font-size: 12px; line-height: 1.2; display: block; word-break: break-word; }
.gl-small { font-size: 12px; line-height: 1.25; }
.gl-subsheet { border-top: 1px solid #d0d7de; margin-top: 14px; padding-top: 4px; }
.gl-review-item { border-left: 3px solid #8250df; padding: 4px 0 6px 10px; margin: 8px 0; }
.gl-review-item details { font-size: 13px; margin: 2px 0; }
.gl-critical { background: #ffebe9; color: #a40e26; font-weight: 700; font-size: 12px;
  border-radius: 10px; padding: 0 8px; }
.gl-grid th, .gl-grid td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left;
  vertical-align: top; }
.gl-grid th { background: #f6f8fa; }
.gl-panel-step { margin-top: 8px; }
.gl-panel-step .gl-notice ul { margin: 4px 0 0 18px; padding: 0; }
""" + NUMBERS_CSS


def style() -> w.HTML:
    """An invisible widget carrying the stylesheet; place it once in each app."""
    return w.HTML(f"<style>{CSS}</style>", layout=w.Layout(display="none"))
