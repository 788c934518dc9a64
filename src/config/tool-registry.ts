import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_PATH } from './defaults.js';
import { validateConfigText } from './load.js';
import type { Config, ToolApproval, ToolEntry } from './types.js';
import { ConfigError } from '../errors.js';
import { isIntegrationPath, INTEGRATION_PATHS } from '../core/model.js';

/** Reads, changes and writes the config, validating the result before anything is written. */
async function editConfig(top: string, change: (raw: { tools: ToolEntry[] } & Record<string, unknown>) => void): Promise<Config> {
  const path = join(top, CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`no ${CONFIG_PATH} here: run \`ai-attest init\` first.`);
  }
  await validateConfigText(text, CONFIG_PATH);
  const raw = JSON.parse(text) as { tools: ToolEntry[] } & Record<string, unknown>;
  change(raw);
  const updated = `${JSON.stringify(raw, null, 2)}\n`;
  const config = await validateConfigText(updated, CONFIG_PATH);
  await writeFile(path, updated);
  return config;
}

export async function addTool(top: string, entry: { id: string; name: string; via: string; models: string[] }): Promise<ToolEntry> {
  if (!isIntegrationPath(entry.via)) throw new ConfigError(`--via ${entry.via}: use one of ${INTEGRATION_PATHS.join(', ')}.`);
  const tool: ToolEntry = { id: entry.id, name: entry.name, via: entry.via, approved: false, models: entry.models };
  const config = await editConfig(top, (raw) => {
    if (raw.tools.some((t) => t.id === entry.id)) {
      throw new ConfigError(
        `${entry.id} is already registered: \`ai-attest tools list\` shows it; approve it with \`ai-attest tools approve ${entry.id}\`.`,
      );
    }
    raw.tools.push(tool);
  });
  return config.tools.find((t) => t.id === entry.id) ?? tool;
}

export async function approveTool(top: string, id: string, approval: ToolApproval): Promise<ToolEntry> {
  const config = await editConfig(top, (raw) => {
    const tool = raw.tools.find((t) => t.id === id);
    if (!tool) {
      throw new ConfigError(
        `no tool "${id}" in the registry: add it first, e.g. \`ai-attest tools add ${id} --name ` +
          `"Name" --via cli-agent --model EXACT-MODEL-ID\`.`,
      );
    }
    tool.approved = true;
    tool.approval = approval;
  });
  return config.tools.find((t) => t.id === id)!;
}
