import { openStore } from './database.js';
import { exportParquet, type ParquetExport } from './parquet.js';

export async function exportFromStore(storePath: string, directory: string): Promise<ParquetExport> {
  const store = await openStore(storePath, { create: false });
  try {
    return await exportParquet(store, directory);
  } finally {
    store.close();
  }
}
