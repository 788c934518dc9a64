import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Rebuilds the derived tables (schema.ts: commit_rollup, capture_rollup) for one repository,
 * or for all. A repository's rollup is a few hundred rows per month, so the dashboard's
 * questions over an organisation of 10 million commits read about a million rows, not ten.
 * Runs inside collect's per-repository transaction: the rollup never disagrees with the rows.
 */
export async function refreshRollups(db: DuckDBConnection, repository: string | null): Promise<void> {
  const where = repository === null ? 'TRUE' : 'repository = $1';
  const params = repository === null ? [] : [repository];
  await db.run(`DELETE FROM commit_rollup WHERE ${where}`, params);
  await db.run(`DELETE FROM capture_rollup WHERE ${where}`, params);
  await db.run(
    `INSERT INTO commit_rollup
     SELECT c.repository, c.month, c.author_email, max(c.author_name),
       count(*), count(*) FILTER (WHERE c.state <> 'exempt'),
       count(*) FILTER (WHERE c.state = 'used'), count(*) FILTER (WHERE c.state = 'none'),
       count(*) FILTER (WHERE c.state = 'undeclared'), count(*) FILTER (WHERE c.state = 'unattested'),
       count(*) FILTER (WHERE c.state = 'rejected'), count(*) FILTER (WHERE c.state = 'exempt'),
       count(*) FILTER (WHERE c.state = 'used' AND c.sensitive_ai_files > 0),
       coalesce(sum(c.sensitive_ai_files) FILTER (WHERE c.state = 'used'), 0),
       count(cap."commit"),
       coalesce(sum(c.unattested_signals), 0), count(*) FILTER (WHERE c.unattested_signals > 0)
     FROM (SELECT * FROM commits WHERE ${where}) c
     LEFT JOIN (SELECT DISTINCT repository, "commit" FROM commit_capture WHERE ${where}) cap
       ON cap.repository = c.repository AND cap."commit" = c."commit"
     GROUP BY c.repository, c.month, c.author_email`,
    params,
  );
  await db.run(
    `INSERT INTO capture_rollup
     SELECT cc.repository, c.month, cc.model, count(*), sum(cc.raw_lines), sum(cc.kept_lines)
     FROM (SELECT * FROM commit_capture WHERE ${where}) cc
     JOIN (SELECT repository, "commit", month FROM commits WHERE ${where}) c ON c.repository = cc.repository AND c."commit" = cc."commit"
     GROUP BY cc.repository, c.month, cc.model`,
    params,
  );
}
