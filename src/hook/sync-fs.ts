import * as fs from 'node:fs';

/*
 * `node:fs/promises` as the commit-msg bundle sees it (scripts/build-hook.mjs swaps it in): the
 * same functions and results, done with synchronous calls. A commit's hook reads and writes a
 * handful of small local files one after the other; the real module loads a dozen of Node's
 * internal modules and starts libuv's thread pool for them, which costs the commit more than the
 * files do. Errors still arrive as rejections. A function missing here fails the build.
 */
type Path = fs.PathLike;

export async function readFile(
  path: Path,
  options?: { encoding?: BufferEncoding | null; flag?: string } | BufferEncoding | null,
): Promise<string & Buffer> {
  return fs.readFileSync(path, options as BufferEncoding) as string & Buffer;
}

export async function writeFile(
  path: Path,
  data: string | NodeJS.ArrayBufferView | Iterable<string>,
  options?: fs.WriteFileOptions,
): Promise<void> {
  if (typeof data === 'string' || ArrayBuffer.isView(data)) {
    fs.writeFileSync(path, data, options);
    return;
  }
  // The real writeFile also takes an iterable of pieces (verify's cache: a large file is never
  // one string); writeFileSync would throw on it, and a best-effort writer would swallow that.
  const { flag = 'w', mode = 0o666 } = typeof options === 'object' && options !== null ? options : {};
  const fd = fs.openSync(path, flag, mode);
  try {
    for (const piece of data) fs.writeSync(fd, piece);
  } finally {
    fs.closeSync(fd);
  }
}

export async function appendFile(path: Path, data: string | Uint8Array, options?: fs.WriteFileOptions): Promise<void> {
  fs.appendFileSync(path, data, options);
}

export async function mkdir(path: Path, options?: fs.MakeDirectoryOptions | fs.Mode): Promise<string | undefined> {
  return fs.mkdirSync(path, options);
}

export async function rename(from: Path, to: Path): Promise<void> {
  fs.renameSync(from, to);
}

export async function rm(path: Path, options?: fs.RmOptions): Promise<void> {
  // A file needs no rimraf (which rmSync loads every time); directories and recursion get the real thing.
  if (!options?.recursive) {
    try {
      fs.unlinkSync(path);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && options?.force) return;
      if (code !== 'EISDIR' && code !== 'EPERM') throw error;
    }
  }
  fs.rmSync(path, options);
}

export async function unlink(path: Path): Promise<void> {
  fs.unlinkSync(path);
}

export async function rmdir(path: Path): Promise<void> {
  fs.rmdirSync(path);
}

export async function chmod(path: Path, mode: fs.Mode): Promise<void> {
  fs.chmodSync(path, mode);
}

export async function stat(path: Path): Promise<fs.Stats> {
  return fs.statSync(path);
}

export async function lstat(path: Path): Promise<fs.Stats> {
  return fs.lstatSync(path);
}

export async function realpath(path: Path): Promise<string> {
  return fs.realpathSync(path);
}

export async function readdir(
  path: Path,
  options?: { withFileTypes?: boolean; encoding?: BufferEncoding | null } | BufferEncoding | null,
): Promise<string[] & fs.Dirent[]> {
  return fs.readdirSync(path, options as { withFileTypes: true }) as unknown as string[] & fs.Dirent[];
}
