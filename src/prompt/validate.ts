import { checkModelId } from '../core/model-id.js';
import { parseShareText, TOOL_ID } from '../core/answer-values.js';

/** Validators return `true` or the message inquirer shows under the answer, so it says how to fix it. */
export type Validation = true | string;

export function validateModelId(raw: string, registry: readonly string[] = []): Validation {
  const check = checkModelId(raw, { registry });
  return check.ok ? true : check.reason;
}

export function validateToolId(raw: string, taken: readonly string[] = []): Validation {
  const id = raw.trim();
  if (!TOOL_ID.test(id)) return 'use lower-case letters, digits and dashes, e.g. my-agent';
  if (taken.includes(id)) return `${id} is already in the list: select it there instead`;
  return true;
}

export function parseShare(raw: string): number | null {
  return parseShareText(raw.trim().replace(/%$/, '').trim());
}

export function validateShare(raw: string): Validation {
  return parseShare(raw) === null ? 'give a whole number from 0 to 100, e.g. 40' : true;
}
