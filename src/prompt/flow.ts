import type { ToolEntry } from '../config/types.js';
import type { Answers, SensitiveFile, ToolUse } from '../core/model.js';
import { canReuse, noAiAnswers, reuseAnswers, reuseSource, sensitiveAnswers, toolIds } from './answers.js';
import {
  CUSTOM,
  OTHER,
  aiChoices,
  defaultShareChoice,
  modelChoices,
  sensitiveChoices,
  sensitiveToolChoices,
  shareChoices,
  toolChoices,
  viaChoices,
} from './choices.js';
import { describeAnswers } from './summary.js';
import type { PromptInput, StagedSensitive } from './types.js';
import type { Ui } from './ui.js';
import { parseShare, validateModelId, validateShare, validateToolId } from './validate.js';

const SUBJECT: Record<PromptInput['kind'], string> = {
  normal: 'this change',
  amend: 'this change',
  message: 'this change',
  template: 'this change',
  retry: 'this change',
  merge: 'this merge (e.g. resolving conflicts)',
  squash: 'these squashed changes',
};

const REUSE_QUESTION: Partial<Record<PromptInput['kind'], string>> = {
  amend: 'Reuse the previous answers?',
  retry: 'Use the answers you gave for the rejected commit?',
};

/** The questions, in order; every answer the user can skip is pre-selected from the defaults. */
export async function runFlow(input: PromptInput, ui: Ui): Promise<Answers> {
  const { defaults } = input;
  if (defaults && canReuse(defaults)) {
    const question = REUSE_QUESTION[input.kind] ?? 'Use the answers captured from your AI tools?';
    if (await ui.confirm({ message: `${question} ${describeAnswers(defaults)}`, default: true })) {
      const { answers, uncovered } = reuseAnswers(defaults, input.sensitive, reuseSource(input.kind));
      if (uncovered.length > 0) answers.sensitive = await askSensitive(input.sensitive, answers.tools, defaults, ui);
      if (answers.ai !== 'none' || (await keepsNoAi(input, ui))) return answers;
    }
  }

  const ai = await ui.select({
    message: `Was AI used for ${SUBJECT[input.kind]}?`,
    choices: aiChoices(),
    default: defaults?.ai === 'none' && !input.disclosures?.length ? 'none' : 'used',
  });
  if (ai === 'none' && (await keepsNoAi(input, ui))) return noAiAnswers(input.sensitive);

  const tools = await askTools(input, ui);
  const share = await askShare(defaults, ui);
  const sensitive = await askSensitive(input.sensitive, tools, defaults, ui);
  return { ai: 'used', tools, share, sensitive, source: 'prompt' };
}

/** "No AI" beside an agent disclosure typed into the message is asked about, never signed silently. */
async function keepsNoAi(input: PromptInput, ui: Ui): Promise<boolean> {
  if (!input.disclosures?.length) return true;
  const shown = input.disclosures.map((d) => `"${d}"`).join(', ');
  return ui.confirm({ message: `The message says ${shown} (typed, not signed). Record "no AI" anyway?`, default: false });
}

async function askTools(input: PromptInput, ui: Ui): Promise<ToolUse[]> {
  const registry = new Map(input.config.tools.map((tool) => [tool.id, tool]));
  const previous = new Map<string, ToolUse>();
  for (const use of input.defaults?.tools ?? []) if (!previous.has(use.tool)) previous.set(use.tool, use);

  const picked = await ui.checkbox({
    message: 'Which AI tools did you use?',
    choices: toolChoices(input.config, input.defaults),
    validate: (values) => (values.length > 0 ? true : 'select at least one tool with Space, then press Enter'),
  });
  const ids = picked.filter((id) => id !== OTHER);
  const uses: ToolUse[] = [];
  for (const id of ids) uses.push(await askToolUse(id, registry.get(id), previous.get(id), ui));
  if (picked.includes(OTHER)) {
    const raw = await ui.text({
      message: 'Id of the other tool (lower-case, e.g. my-agent):',
      validate: (value) => validateToolId(value, ids),
    });
    const id = raw.trim();
    // A registry id typed here still gets that tool's known models and default path.
    uses.push(await askToolUse(id, registry.get(id), previous.get(id), ui));
  }
  warnUnapproved(uses, registry, ui);
  return uses;
}

/** Said at once, not at push time: verify fails a commit that used a tool the registry has not approved. */
function warnUnapproved(uses: readonly ToolUse[], registry: ReadonlyMap<string, ToolEntry>, ui: Ui): void {
  for (const id of new Set(uses.map((use) => use.tool))) {
    const entry = registry.get(id);
    if (entry?.approved) continue;
    const how = entry
      ? `ai-attest tools approve ${id}`
      : `ai-attest tools add ${id} --name NAME --via PATH, then ai-attest tools approve ${id}`;
    ui.note?.(
      `ai-attest: warning: ${id} is ${entry ? 'not approved' : 'not in the tool registry'}, so ` +
        `verify (pre-push, CI) will fail this commit until a maintainer assesses it (${how}) and ` +
        `commits .ai-attest/config.json.`,
    );
  }
}

async function askToolUse(id: string, entry: ToolEntry | undefined, previous: ToolUse | undefined, ui: Ui): Promise<ToolUse> {
  const name = entry?.name ?? id;
  const known = modelChoices(entry, previous?.model);
  let model = OTHER;
  if (known.length > 0) {
    const preferred = previous && known.some((choice) => choice.value === previous.model) ? previous.model : known[0]?.value;
    model = await ui.select({ message: `Which ${name} model?`, choices: known, ...(preferred ? { default: preferred } : {}) });
  }
  if (model === OTHER) {
    model = (
      await ui.text({
        message: `Exact ${name} model id (e.g. claude-sonnet-4-5-20250929):`,
        validate: (value) => validateModelId(value, entry?.models),
      })
    ).trim();
  }
  const via = await ui.select({
    message: `How was ${name} used?`,
    choices: viaChoices(),
    default: previous?.via ?? entry?.via ?? 'other',
  });
  return { tool: id, model, via };
}

async function askShare(defaults: Answers | undefined, ui: Ui): Promise<number> {
  const previous = defaults?.ai === 'used' ? defaults.share : undefined;
  const choice = await ui.select({
    message: 'About how much of the change came from AI?',
    choices: shareChoices(),
    default: defaultShareChoice(previous),
  });
  if (choice !== CUSTOM) return choice;
  const raw = await ui.text({
    message: 'AI share in percent (0-100):',
    ...(previous !== undefined ? { default: String(previous) } : {}),
    validate: validateShare,
  });
  return parseShare(raw) ?? 0;
}

async function askSensitive(
  files: readonly StagedSensitive[],
  tools: readonly ToolUse[],
  defaults: Answers | undefined,
  ui: Ui,
): Promise<SensitiveFile[]> {
  if (files.length === 0) return [];
  const picked = await ui.checkbox({ message: 'Which of these sensitive files did AI touch?', choices: sensitiveChoices(files, defaults) });
  const touched = new Set(picked);
  let touchedBy = toolIds(tools);
  if (touched.size > 0 && touchedBy.length > 1) {
    const touchedPaths = files.filter((_, index) => touched.has(index)).map((file) => file.path);
    touchedBy = await ui.checkbox({
      message: 'Which tools touched them?',
      choices: sensitiveToolChoices(touchedBy, touchedPaths, defaults),
      validate: (values) => (values.length > 0 ? true : 'select at least one tool with Space, then press Enter'),
    });
  }
  return sensitiveAnswers(files, touched, touchedBy);
}
