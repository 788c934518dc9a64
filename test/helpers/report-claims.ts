import type { ToolUse } from '../../src/core/model.js';
import { ReportAccumulator } from '../../src/read/report/accumulate.js';
import type { Claims, ReportItem } from '../../src/read/report/item.js';
import type { Summary } from '../../src/read/report/types.js';

/** What a verified statement claims, as the report reads it: tools by `[tool, model]`, one attester. */
export function claimsFor(
  ai: Claims['ai'],
  tools: ReadonlyArray<[string, string]>,
  fields: { share: number; time: string; extensions?: Record<string, unknown> },
): Claims {
  return {
    ai,
    tools: tools.map(([tool, model]): ToolUse => ({ tool, model, via: 'cli-agent' })),
    share: fields.share,
    sensitive: [],
    attester: { name: 'A', email: 'a@example.com', key: 'A'.repeat(40) },
    time: fields.time,
    source: 'env',
    extensions: fields.extensions ?? {},
  };
}

/** The weekly summary of these items, as one repository's report holds it. */
export function summaryOf(items: readonly ReportItem[]): Summary {
  const acc = new ReportAccumulator();
  for (const i of items) acc.add(i);
  return acc.summary('week');
}
