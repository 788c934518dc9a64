import { safeText } from '../../../ui/safe-text.js';

/**
 * Charts as inline SVG, written by hand: no library, no script, no network. Every mark carries
 * its number (data-value) and a <title> tooltip, so the chart is checkable and accessible.
 */
export function esc(text: string): string {
  return safeText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export interface Segment {
  key: string;
  label: string;
  value: number;
  colour: string;
}

/** One 100% bar split into segments, with a legend below. */
export function stackedBar(id: string, title: string, segments: readonly Segment[], width = 720): string {
  const total = segments.reduce((s, x) => s + x.value, 0);
  const barH = 28;
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const w = total ? (s.value / total) * width : 0;
      const r =
        `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="${barH}" fill="` +
        `${s.colour}" data-key="${esc(s.key)}" data-value="${num(s.value)}"><title>` +
        `${esc(`${s.label}: ${num(s.value)}`)}</title></rect>`;
      x += w;
      return r;
    });
  const legendRows = Math.ceil(segments.length / 3);
  const legend = segments
    .map((s, i) => {
      const lx = (i % 3) * (width / 3);
      const ly = barH + 18 + Math.floor(i / 3) * 18;
      const pct = total ? ` (${((s.value / total) * 100).toFixed(1)}%)` : '';
      return (
        `<rect x="${lx}" y="${ly - 10}" width="10" height="10" fill="${s.colour}"/><text x="` +
        `${lx + 14}" y="${ly}" class="legend">${esc(`${s.label}: ${num(s.value)}${pct}`)}</text>`
      );
    })
    .join('');
  const h = barH + 12 + legendRows * 18;
  return svg(id, title, width, h, `${total ? rects.join('') : `<text x="0" y="18">no commits</text>`}${legend}`);
}

export interface BarRow {
  label: string;
  value: number;
  /** Shown after the bar, e.g. "42 commits, 30.0%". */
  text: string;
}

/** Horizontal bars, one per row, longest first as given. */
export function horizontalBars(id: string, title: string, rows: readonly BarRow[], colour: string, width = 720): string {
  if (rows.length === 0) return svg(id, title, width, 24, '<text x="0" y="16">none in range</text>');
  const labelW = 220;
  const textW = 170;
  const barMax = width - labelW - textW;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const rowH = 22;
  const body = rows
    .map((r, i) => {
      const y = i * rowH;
      const w = (r.value / max) * barMax;
      return (
        // Clipped to the label column, or its start falls off the chart's left edge; the tooltip has it whole.
        `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" class="label">` +
        `${esc(clip(r.label, Math.floor((labelW - 8) / AXIS_CHAR_WIDTH)))}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(2)}" height="${rowH - 6}" fill="` +
        `${colour}" data-key="${esc(r.label)}" data-value="${num(r.value)}"><title>` +
        `${esc(`${r.label}: ${r.text}`)}</title></rect>` +
        `<text x="${(labelW + w + 6).toFixed(2)}" y="${y + 15}" class="value">${esc(r.text)}</text>`
      );
    })
    .join('');
  return svg(id, title, width, rows.length * rowH + 4, body);
}

export interface Column {
  label: string;
  segments: Segment[];
}

/** Stacked columns over time, with a y axis of round ticks and sparse x labels. */
export function stackedColumns(id: string, title: string, columns: readonly Column[], width = 720): string {
  if (columns.length === 0) return svg(id, title, width, 24, '<text x="0" y="16">no commits in range</text>');
  const left = 44;
  const bottom = 36;
  const plotH = 200;
  const plotW = width - left - 8;
  const max = Math.max(...columns.map((c) => c.segments.reduce((s, x) => s + x.value, 0)), 1);
  // Counts: a top divisible by 4 gives whole-number ticks at the quarters.
  const nice = niceCeil(max);
  const top = nice % 4 === 0 ? nice : Math.ceil(nice / 4) * 4;
  const slot = plotW / columns.length;
  const barW = Math.max(1, Math.min(28, slot * 0.8));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = top * f;
    const y = plotH - (v / top) * plotH;
    return (
      `<line x1="${left}" x2="${width - 8}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" ` +
      `class="grid"/><text x="${left - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end" ` +
      `class="axis">${num(Math.round(v * 100) / 100)}</text>`
    );
  });
  const every = Math.ceil(columns.length / 12);
  const bars = columns
    .map((c, i) => {
      const x = left + i * slot + (slot - barW) / 2;
      let y = plotH;
      const total = c.segments.reduce((s, seg) => s + seg.value, 0);
      const rects = c.segments
        .filter((s) => s.value > 0)
        .map((s) => {
          const h = (s.value / top) * plotH;
          y -= h;
          return (
            `<rect x="${x.toFixed(2)}" y="${y.toFixed(2)}" width="${barW.toFixed(2)}" height="` +
            `${h.toFixed(2)}" fill="${s.colour}" data-key="${esc(s.key)}" data-value="` +
            `${num(s.value)}"><title>${esc(`${c.label} ${s.label}: ${num(s.value)}`)}</title></rect>`
          );
        })
        .join('');
      // Centred under its column, but kept inside the chart: the first and last labels were clipped.
      const half = (c.label.length * AXIS_CHAR_WIDTH) / 2;
      const cx = Math.min(Math.max(x + barW / 2, half + 1), width - half - 1);
      const label =
        i % every === 0 ? `<text x="${cx.toFixed(2)}" y="${plotH + 16}" text-anchor="middle" class="axis">${esc(c.label)}</text>` : '';
      return `<g class="column" data-label="${esc(c.label)}" data-total="${num(total)}">${rects}${label}</g>`;
    })
    .join('');
  return svg(id, title, width, plotH + bottom, `${ticks.join('')}${bars}`);
}

/** An upper bound of the width of one character of chart text (the page's 14px sans-serif), in px. */
const AXIS_CHAR_WIDTH = 9;

function niceCeil(n: number): number {
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function svg(id: string, title: string, width: number, height: number, body: string): string {
  return (
    `<svg id="${esc(id)}" class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ` +
    `${width} ${Math.ceil(height)}" width="${width}" height="${Math.ceil(height)}" ` +
    `xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${body}</svg>`
  );
}
