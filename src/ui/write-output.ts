import { writeFile } from 'node:fs/promises';
import { AttestError } from '../errors.js';

/** A rendered report to stdout, or to `--output FILE` with a line on stderr saying where it went. */
export async function writeOutput(text: string, output: string | undefined, what: string): Promise<void> {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(output, text);
  } catch (error) {
    throw new AttestError(`cannot write ${output}: ${(error as Error).message}. Choose another --output path.`);
  }
  process.stderr.write(`${what} written to ${output}\n`);
}
