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
