import type { Predicate } from '../core/model.js';

/** One line after a commit, so the developer sees what was signed without being slowed down. */
export function summarise(predicate: Predicate, stream: { isTTY?: boolean }): string {
  const colour = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const dim = (s: string) => (colour ? `\x1b[2m${s}\x1b[22m` : s);
  const warn = (s: string) => (colour ? `\x1b[33m${s}\x1b[39m` : s);
  const marker = predicate.extensions['ai-attest.needs-reattestation'] as { reason?: string } | undefined;
  if (predicate.ai === 'undeclared' && marker) {
    return warn(
      `ai-attest: the carried attestation no longer fits (${marker.reason ?? 'the change differs'}): run \`ai-attest attest HEAD\`.\n`,
    );
  }
  if (predicate.ai === 'undeclared') {
    return warn('ai-attest: no answers (no terminal): recorded as undeclared; complete it with `ai-attest attest HEAD`.\n');
  }
  if (predicate.ai === 'none' && predicate.extensions['ai-attest.settings-only']) {
    return dim('ai-attest: signed: no AI (only ai-attest settings and keys changed)\n');
  }
  if (predicate.ai === 'none') return dim('ai-attest: signed: no AI\n');
  const tools = predicate.tools.map((t) => `${t.tool} ${t.model} (${t.via})`).join(', ');
  const touched = predicate.sensitive.filter((s) => s.ai.length).length;
  const sensitive = touched ? `, AI touched ${touched} sensitive file${touched === 1 ? '' : 's'}` : '';
  return dim(`ai-attest: signed: ${tools}, ~${predicate.share}% AI${sensitive}\n`);
}
