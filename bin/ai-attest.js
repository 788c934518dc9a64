#!/usr/bin/env node
// The entry of earlier releases, kept for whatever names it (AI_ATTEST_BIN, scripts, hooks that
// check the package by it): the command itself is bin/ai-attest.cjs.
const { createRequire } = await import('node:module');
createRequire(import.meta.url)('./ai-attest.cjs');
