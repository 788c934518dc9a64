const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** A full git object id as git prints it: SHA-1 (40) or SHA-256 (64) lower-case hex digits. */
export function isObjectId(text: string): boolean {
  return OBJECT_ID.test(text);
}
