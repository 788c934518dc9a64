import { readFile } from 'node:fs/promises';
import { correlate, type CorrelateReport } from '../correlate/correlate.js';
import { correlateText } from '../correlate/format.js';
import { checkMapping, parseLog, PROVIDERS, type GenericMapping, type Provider, type ProviderCall } from '../correlate/providers.js';
import { readTrail } from '../correlate/trail.js';
import { AttestError, ExitCode } from '../errors.js';
import { repoPaths } from '../git/repo.js';
import { resolveRange } from '../read/range.js';
import { writeFully } from '../read/verify/output.js';

export interface CorrelateCommandOptions {
  provider?: string;
  map?: string;
  range?: string[];
  format?: string;
  json?: boolean;
  failOn?: boolean;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AttestError(`${what} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

/**
 * `ai-attest correlate LOG... [--provider P] [--range REVS]`: joins provider request logs with
 * the trail's captured ids. Reads only: nothing is written anywhere.
 */
export async function runCorrelate(logs: string[], options: CorrelateCommandOptions): Promise<void> {
  const format = options.json ? 'json' : (options.format ?? 'text').toLowerCase();
  if (format !== 'text' && format !== 'json') throw new AttestError(`--format ${options.format}: use text or json.`);
  if (!logs.length)
    throw new AttestError('give at least one provider log file, e.g. `ai-attest correlate bedrock-invocations.jsonl --provider bedrock`.');
  let provider: Provider | undefined;
  if (options.provider !== undefined) {
    if (!(PROVIDERS as readonly string[]).includes(options.provider))
      throw new AttestError(`--provider ${options.provider}: use one of ${PROVIDERS.join(', ')}.`);
    provider = options.provider as Provider;
  }
  let map: GenericMapping | undefined;
  if (options.map) {
    const text = await readText(options.map, '--map');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new AttestError(`--map ${options.map}: not JSON (${(error as Error).message}).`);
    }
    map = checkMapping(raw, options.map);
    provider ??= 'generic';
  }
  if (provider === 'generic' && !map)
    throw new AttestError('--provider generic needs --map FILE: which field holds the request id, the model, the time.');

  const calls: ProviderCall[] = [];
  let skipped = 0;
  for (const file of logs) {
    const parsed = parseLog(await readText(file, 'log'), file, provider, map);
    calls.push(...parsed.calls);
    skipped += parsed.skipped;
  }
  const opts = { cwd: process.cwd(), env: process.env };
  const range = await resolveRange(options.range ?? [], opts);
  const { commonDir } = await repoPaths(opts);
  const trail = await readTrail(range.revisions, { ...opts, logOptions: range.logOptions, commonDir });
  const report: CorrelateReport = correlate(trail, calls, range.description, skipped);
  await writeFully(process.stdout, format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : correlateText(report));
  process.exitCode = options.failOn && report.findings.length ? ExitCode.PolicyFailure : ExitCode.Ok;
}
