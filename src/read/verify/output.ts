/**
 * Writes all of `text` and resolves once the stream has taken it. Entry points exit right after
 * a command returns, and a pipe (`verify --json | jq`, a CI log, git reading a hook's stderr)
 * takes large output asynchronously: exiting earlier cuts it off at the first 64 KiB.
 */
export function writeFully(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Writes text given in pieces, a buffer of about 64 KiB at a time, waiting whenever the stream
 * asks to (a slow pipe): the pieces are made as they are written, never all held at once.
 */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let buffer = '';
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length < 65536) continue;
    const text = buffer;
    buffer = '';
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
  await writeFully(stream, buffer);
}
