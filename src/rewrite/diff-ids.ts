// Zero-context patch-ids live in src/git/patch-id.ts. This re-export keeps commands/carry.ts
// building until issue 15 item 3 moves its pairing out of the command; then it goes.
export { changedLineIds } from '../git/patch-id.js';
