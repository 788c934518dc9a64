/** The dashboard's only stylesheet: system fonts, readable on screen and on paper. */
export const STYLE = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --bad: #dc2626; --good: #16a34a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta, .note, footer { color: var(--muted); }
.note { margin: 2px 0 6px; font-size: 12.5px; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 16px 0; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 12px; display: flex; flex-direction: column; }
.kpi .v { font-size: 26px; font-weight: 600; }
.kpi .l { font-weight: 500; }
.kpi .s { color: var(--muted); font-size: 12px; }
.kpi.bad .v { color: var(--bad); }
.kpi.good .v { color: var(--good); }
.banner { border: 1px solid var(--bad); color: var(--bad); background: #fef2f2; padding: 8px 12px; border-radius: 6px; }
.charts { display: grid; grid-template-columns: 1fr; gap: 8px; }
figure { margin: 8px 0; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg .grid { stroke: var(--line); }
svg .axis, svg .legend, svg .value { fill: var(--muted); }
svg .label { fill: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
th { text-align: left; background: #f9fafb; }
.right { text-align: right; }
.left { text-align: left; }
tr.marked td { background: #fef3c7; }
.empty { color: var(--muted); font-style: italic; }
section { break-inside: avoid-page; }
footer { margin-top: 32px; font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .kpis { grid-template-columns: repeat(4, 1fr); }
  h2 { break-after: avoid; }
  table { page-break-inside: auto; }
  tr { break-inside: avoid; }
}
`;
