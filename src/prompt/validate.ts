import { checkModelId } from '../core/model-id.js';

/** Validators return `true` or the message inquirer shows under the answer, so it says how to fix it. */
export type Validation = true | string;

/** Same shape as the registry ids, because the id is written into trailers and matched against the registry. */
const TOOL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

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
  const text = raw.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}$/.test(text)) return null;
  const share = Number(text);
  return share <= 100 ? share : null;
}

export function validateShare(raw: string): Validation {
  return parseShare(raw) === null ? 'give a whole number from 0 to 100, e.g. 40' : true;
}
