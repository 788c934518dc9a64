import { blockChildProcesses } from './no-processes.js';

// Setup file of vitest.fast.config.ts: a fast-tier test that reaches git (directly or through a
// library function) fails loudly instead of quietly making the edit loop slow.
blockChildProcesses();
