import { existsSync } from 'node:fs';
import { openStore, StoreError } from '../database.js';
import type { Dashboard } from './model.js';
import type { Period } from './period.js';
import { buildDashboard } from './queries.js';

export async function loadDashboard(storePath: string, period: Period | null, now = new Date()): Promise<Dashboard> {
  if (!existsSync(storePath))
    throw new StoreError(`no store at ${storePath}: make one with ai-attest collect REPO... --store ${storePath}.`);
  const store = await openStore(storePath, { create: false });
  try {
    return await buildDashboard(store.connection, period, now);
  } finally {
    store.close();
  }
}
