import { readFile } from 'node:fs/promises';
import { catalogWith, CONFIDENCES, type Confidence } from '../detect/catalog.js';
import { detectRange, type DetectReport } from '../detect/detect.js';
import { atLeast } from '../detect/disclosed.js';
import { detectGithub } from '../detect/format/github.js';
import { detectSarif } from '../detect/format/sarif.js';
import { detectText } from '../detect/format/text.js';
import { AttestError, ExitCode } from '../errors.js';
import { resolveRange } from '../read/range.js';
import { writeFully } from '../read/verify/output.js';
import { colourEnabled, colours } from '../ui/output.js';

export const DETECT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export interface DetectCommandOptions {
  format?: string;
  json?: boolean;
  minConfidence?: string;
  failOn?: string;
  content?: boolean;
  signals?: string[];
  output?: string;
}

function confidence(flag: string, value: string | undefined, fallback: Confidence | null): Confidence | null {
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  if (!(CONFIDENCES as readonly string[]).includes(v)) throw new AttestError(`${flag} ${value}: use one of ${CONFIDENCES.join(', ')}.`);
  return v as Confidence;
}

/** `ai-attest detect [RANGE]`: exit 0 with findings, unless --fail-on LEVEL and a finding at LEVEL or above. */
export async function runDetect(args: string[], options: DetectCommandOptions): Promise<void> {
  const format = options.json ? 'json' : (options.format ?? 'text').toLowerCase();
  if (!(DETECT_FORMATS as readonly string[]).includes(format))
    throw new AttestError(`--format ${options.format}: use one of ${DETECT_FORMATS.join(', ')}.`);
  if (options.json && options.format && options.format !== 'json')
    throw new AttestError('--json and --format exclude each other: pick one.');
  const minConfidence = confidence('--min-confidence', options.minConfidence, 'low')!;
  const failOn = confidence('--fail-on', options.failOn, null);
  const opts = { cwd: process.cwd(), env: process.env };
  const extra = [];
  for (const file of options.signals ?? []) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new AttestError(`--signals ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
    try {
      extra.push({ source: file, data: JSON.parse(text) as unknown });
    } catch (error) {
      throw new AttestError(`--signals ${file}: not JSON (${(error as Error).message}). Fix the file and run again.`);
    }
  }
  const trace =
    process.env.AI_ATTEST_TRACE === '1'
      ? (phase: string) => {
          const cpu = process.cpuUsage();
          const cpuMs = ((cpu.user + cpu.system) / 1000).toFixed(1);
          process.stderr.write(`ai-attest: detect ${phase} ${performance.now().toFixed(1)} ms after node started, ${cpuMs} ms of CPU\n`);
        }
      : undefined;
  const range = await resolveRange(args, opts);
  const report = await detectRange({
    ...opts,
    revisions: range.revisions,
    logOptions: range.logOptions,
    description: range.description,
    content: options.content ?? false,
    minConfidence,
    catalog: catalogWith(extra),
    ...(trace ? { trace } : {}),
  });
  const text = await render(report, format);
  await writeFully(process.stdout, text);
  trace?.('written');
  const failing = failOn ? report.findings.filter((f) => atLeast(f.confidence, failOn)).length : 0;
  if (failing)
    process.stderr.write(
      `ai-attest detect: ${failing} finding${failing === 1 ? '' : 's'} at ${failOn} confidence or more (--fail-on ${failOn}).\n`,
    );
  process.exitCode = failing ? ExitCode.PolicyFailure : ExitCode.Ok;
}

async function render(report: DetectReport, format: string): Promise<string> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(detectSarif(report, await packageVersion()), null, 2)}\n`;
  if (format === 'github') return detectGithub(report);
  return colourEnabled() ? detectText(report, await colours()) : detectText(report);
}

async function packageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
