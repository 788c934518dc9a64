/**
 * The claim word of a slice of signatures, one Int32 in memory shared by the main thread and a
 * worker (signatures.ts, verify-worker.ts): whoever turns it from FREE first checks the slice,
 * so no slice is checked twice and none is left waiting for a thread busy with something else.
 */
export const FREE = 0;
export const TAKEN_BY_WORKER = 1;
export const TAKEN_HERE = 2;
