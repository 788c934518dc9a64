import { drill } from '../drill/drill.js';
import { renderDrill, type DrillFormat } from '../drill/render.js';
import { AttestError, ExitCode } from '../errors.js';
import { writeOutput } from '../ui/write-output.js';

export interface DrillCliOptions {
  count: string;
  seed?: string;
  paths?: string;
  sensitive?: boolean;
  since?: string;
  remote?: string;
  rev?: string;
  format?: string;
  json?: boolean;
  output?: string;
}

const FORMATS: readonly DrillFormat[] = ['text', 'markdown', 'json'];

/** `ai-attest drill`: exit 1 when the drill found a gap, so a scheduled run fails visibly. */
export async function runDrill(options: DrillCliOptions): Promise<number> {
  const count = Number(options.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    throw new AttestError(`--count ${options.count}: give a whole number of ranges from 1 to 1000.`);
  const seed = options.seed === undefined ? Math.floor(Date.now() / 1000) : Number(options.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new AttestError(`--seed ${options.seed}: give a whole number from 0 to 4294967295.`);
  if (options.paths && options.sensitive) throw new AttestError('--paths and --sensitive both choose what to sample: give one.');
  const format = options.json ? 'json' : ((options.format ?? 'text') as DrillFormat);
  if (!FORMATS.includes(format)) throw new AttestError(`--format ${options.format}: one of ${FORMATS.join(', ')}.`);
  const tty = process.stderr.isTTY && !options.output;
  const result = await drill({
    cwd: process.cwd(),
    env: process.env,
    count,
    seed,
    ...(options.rev ? { rev: options.rev } : {}),
    ...(options.paths ? { paths: options.paths } : {}),
    ...(options.sensitive ? { sensitive: true } : {}),
    ...(options.since ? { since: options.since } : {}),
    ...(options.remote ? { remote: options.remote } : {}),
    ...(tty ? { onRange: (done: number, total: number) => process.stderr.write(`\rdrill: traced ${done}/${total} ranges`) } : {}),
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const text = renderDrill(result, format);
  await writeOutput(text, options.output, 'drill');
  return result.gaps.length ? ExitCode.PolicyFailure : ExitCode.Ok;
}
