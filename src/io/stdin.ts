/**
 * All of stdin. `emptyOnTerminal`: a terminal gives nothing instead of waiting for typed input
 * (hooks and agents' handlers, which must never hang on a person); a command reading a key or
 * a payload from `-` waits, so that one can be pasted.
 */
export async function readStdin(options: { emptyOnTerminal?: boolean } = {}): Promise<Buffer> {
  if (options.emptyOnTerminal && process.stdin.isTTY) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** All of stdin as UTF-8 text (see readStdin). */
export async function readStdinText(options: { emptyOnTerminal?: boolean } = {}): Promise<string> {
  return (await readStdin(options)).toString('utf8');
}
