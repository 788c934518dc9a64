import type { FindingRule } from '../compare.js';
import type { Finding } from '../detect.js';
import type { SignalHit } from '../match.js';

export const RULE_TITLES: Record<FindingRule, string> = {
  unattested: 'AI signal on a commit with no attestation',
  'attested-none': 'AI signal on a commit attested "no AI"',
  'other-tool': 'AI signal naming a tool the attestation does not list',
  'other-model': 'AI signal naming a model the attestation does not list',
};

export const RULE_HELP: Record<FindingRule, string> = {
  unattested: 'Ask the author whether AI was involved and record the answer with `ai-attest attest REV`.',
  'attested-none':
    'The commit says "no AI" but carries an AI trace: ask the attester, and re-attest with `ai-attest attest REV` if AI was used.',
  'other-tool':
    'The attestation lists other tools than the evidence: ask the attester whether this tool was used too, and re-attest if so.',
  'other-model':
    'The attestation names another model for this tool: check which model wrote the change, and re-attest if the record is wrong.',
};

export function attestedText(f: Finding): string {
  const a = f.attested;
  const on = a.commit !== f.commit ? ` (merged tip ${a.commit.slice(0, 12)})` : '';
  if (a.ai === 'absent') return `no attestation${on}`;
  if (a.ai === 'undeclared') return `committed without answers${on}`;
  if (a.ai === 'none') return `attested "no AI"${on}`;
  return `attested ${a.tools.map((t) => `${t.tool} ${t.model}`).join(', ') || 'AI'}${on}`;
}

export function toolText(f: Pick<Finding, 'tool' | 'model'>): string {
  const name = f.tool === 'ai' ? 'AI (tool unknown)' : f.tool === 'bot' ? 'an automation account' : f.tool;
  return f.model ? `${name} model ${f.model}` : name;
}

/** One sentence per finding (SARIF message, annotations). */
export function findingSentence(f: Finding): string {
  return (
    `${f.commit.slice(0, 12)} "${f.subject}": ${toolText(f)} (${f.confidence} confidence); ` +
    `${attestedText(f)}. Evidence: ${f.signals.map(signalText).join('; ')}`
  );
}

export function signalText(h: SignalHit): string {
  return `${h.signal} at ${h.where}: ${h.evidence}`;
}

/** The first file location a finding's evidence has (content signals), for annotations. */
export function fileLocation(f: Finding): { path: string; line: number } | null {
  for (const h of f.signals) {
    if (h.kind !== 'added-line') continue;
    const m = /^(.*):(\d+)$/.exec(h.where);
    if (m) return { path: m[1]!, line: Number(m[2]) };
  }
  return null;
}
