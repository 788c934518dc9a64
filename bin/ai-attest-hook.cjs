#!/usr/bin/env node
'use strict';
// What the installed git hooks run: `ai-attest-hook <hook> <git's arguments>`. CommonJS on
// purpose: an ES module entry costs a commit several milliseconds more to start.
//
// The hooks of every commit run one minified bundle each, compiled with a V8 code cache kept
// beside it (docs/decisions.md, "Commit hook bundle"); the other hooks run dist/hook.js.
// The read side's lean start (dist/cli-lean.cjs: verify, the pre-push hook) runs the same way; it
// answers 'full-cli' for arguments only the full CLI reads (help, unusual options).
const BUNDLES = {
  'commit-msg': 'hook-commit',
  'prepare-commit-msg': 'hook-prepare',
  record: 'hook-record',
  detect: 'cli-lean',
  'pre-push': 'cli-lean',
  report: 'cli-lean',
  trace: 'cli-lean',
  verify: 'cli-lean',
};

// The lean commands share the bundle and, but for these, its code cache (docs/decisions.md, "trace's code cache").
const OWN_CACHE = new Set(['trace']);

// bin/ai-attest.cjs and hooks/cli.sh start this Node without NODE_EXTRA_CA_CERTS (it opens no TLS
// connection, and Node 20 parses the file before anything runs) and keep its value here: the
// processes it starts get the environment as the user set it (git's credential helpers may need it).
const keptCaCerts = process.env.AI_ATTEST_NODE_EXTRA_CA_CERTS;
if (keptCaCerts !== undefined) {
  delete process.env.AI_ATTEST_NODE_EXTRA_CA_CERTS;
  if (!process.env.NODE_EXTRA_CA_CERTS) process.env.NODE_EXTRA_CA_CERTS = keptCaCerts;
}

// bin/ai-attest.cjs's sh part may have started trace's git already and named the pipes it hands
// the output on (src/git/prefetch.ts): taken out of the environment at once, so that no process
// this one starts inherits it; the lean start checks it against its arguments.
const prefetch = process.env.AI_ATTEST_PREFETCH;
delete process.env.AI_ATTEST_PREFETCH;

const hook = process.argv[2];
if (Object.hasOwn(BUNDLES, hook)) {
  runBundle(BUNDLES[hook]).then(finish, (error) => {
    process.stderr.write(
      `ai-attest: could not run the ${hook} hook (${error && error.stack ? error.stack : error}). ` +
        'Reinstall ai-attest, or skip it once with AI_ATTEST=0.\n',
    );
    exit(1);
  });
} else {
  // dist/hook.js reads `ai-attest hook <name> ...` from argv.
  process.argv.splice(2, 0, 'hook');
  import('../dist/hook.js').catch((error) => {
    process.stderr.write(
      `ai-attest: could not load the hooks (${error && error.message}). Reinstall ai-attest, or skip it once with AI_ATTEST=0.\n`,
    );
    process.exit(1);
  });
}

async function runBundle(name) {
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  const dist = path.join(__dirname, '..', 'dist');
  const bundle = path.join(dist, `${name}.cjs`);
  // V8 checks only the source's length and its own version and flags. The name adds the bundle
  // file as it is on disk (device, inode, size, modification and change times to the nanosecond:
  // any write, rename over it or reinstall changes the change time, which no one can set back) and
  // the Node that runs it, with its flags (each Node a developer switches between keeps its own).
  // Not a hash of the content: that cost every start ~3 ms of CPU (node:crypto and 350 KB of
  // SHA-256) to learn what the file's metadata says (docs/decisions.md, "A code cache named by
  // its bundle's file").
  const fd = fs.openSync(bundle, 'r');
  let source;
  let file;
  try {
    file = fs.fstatSync(fd, { bigint: true });
    source = fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
  const bundleId = fnv1a64(`${file.dev} ${file.ino} ${file.size} ${file.mtimeNs} ${file.ctimeNs}`);
  const nodeId = fnv1a64(
    `${process.version} ${process.arch} ${process.versions.v8} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS || ''}`,
  );
  // trace keeps a cache of its own: one verify or report wrote holds only the bundle's top level
  // (they change V8's flags as they run) and costs trace ~7 ms of CPU compiling its own functions.
  const cacheName = `${name}.${bundleId}.${nodeId}${OWN_CACHE.has(hook) ? `.${hook}` : ''}.cache`;
  // Beside the bundle where whoever runs it may write the bundle; else (a shared install) in the
  // user's own ai-attest home.
  const writable = canWrite(fs, bundle);
  const cacheDir = writable ? dist : userCacheDir(path);
  const cachePath = path.join(cacheDir, cacheName);
  const cachedData = writable ? readCache(fs, cachePath) : readOwnCache(fs, cacheDir, cachePath);
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __aiAttestImport, __aiAttestModuleUrl) {${source}\n})`,
    {
      filename: bundle,
      cachedData,
    },
  );
  if (process.env.AI_ATTEST_TRACE === '1') {
    const cache = cachedData === undefined ? 'no cache' : script.cachedDataRejected ? 'cache rejected' : 'cache used';
    trace(`bundle compiled (${cache}, ${cachePath})`);
  }
  const module = { exports: {} };
  // This file's require resolves packages as one in dist/ would: from the package's node_modules up.
  script.runInThisContext()(
    module.exports,
    require,
    module,
    bundle,
    dist,
    (specifier) => import(specifier),
    require('node:url').pathToFileURL(bundle).href,
  );
  const flags = cachedData === undefined || script.cachedDataRejected ? flagsNow(vm, script) : null;
  const code = await module.exports.main(process.argv.slice(2), { prefetch });
  if (flags) saveCache(fs, path, cacheDir, `${name}.${bundleId}.`, writable ? bundle : null, cachePath, flags.cacheToKeep());
  return code;
}

// A name, not a secret: 64-bit FNV-1a of a short text, as 16 hex digits.
function fnv1a64(text) {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

// V8 rejects a cache made under other flags than its own, and a command may change them as it
// runs (report sets --heap-growing-percent): a cache made after that would be rejected, and
// rewritten, on every later start. So before the run: the bundle's cache as it is (top level
// only) and a one-line script's, which afterwards tells whether the flags are still the same.
// Unchanged, the cache is made after the run (it then holds the functions the command compiled).
function flagsNow(vm, script) {
  const early = script.createCachedData();
  const probe = new vm.Script('0', { filename: 'ai-attest-flags' }).createCachedData();
  return {
    cacheToKeep() {
      const changed = new vm.Script('0', { filename: 'ai-attest-flags-now', cachedData: probe }).cachedDataRejected;
      return changed ? early : script.createCachedData();
    },
  };
}

function canWrite(fs, file) {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readCache(fs, file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

// The same folder as aiAttestHome (src/crypto/home.ts), which this file cannot import:
// $AI_ATTEST_HOME, else $XDG_CONFIG_HOME/ai-attest, else ~/.config/ai-attest.
function userCacheDir(path) {
  const env = process.env;
  const home =
    env.AI_ATTEST_HOME ||
    (env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? path.join(env.XDG_CONFIG_HOME, 'ai-attest')
      : path.join(env.HOME || require('node:os').homedir(), '.config', 'ai-attest'));
  return path.join(home, 'code-cache');
}

// A code cache is code: one in the user's folder is used only while that folder and the file are
// the user's own and no one else may write them (what holds the signing keys is no less guarded).
function readOwnCache(fs, dir, file) {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const own = (stat) => uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
  let fd;
  try {
    if (!own(fs.statSync(dir))) return undefined;
    fd = fs.openSync(file, 'r');
    return own(fs.fstatSync(fd)) ? fs.readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

// The cache is exactly as trusted as the bundle: beside it, written only by whoever may write the
// bundle itself, with its mode; or (bundle null: a shared install) in the user's own folder, for
// the user alone. Never in a repository. A cache that cannot be written costs time only.
function saveCache(fs, path, dir, current, bundle, cachePath, data) {
  try {
    if (bundle === null) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const mode = bundle === null ? 0o600 : fs.statSync(bundle).mode & 0o666;
    const tmp = `${cachePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode });
    fs.renameSync(tmp, cachePath);
    // Caches of an earlier build of this bundle are dead weight; other Nodes' caches of this one are
    // not. The user's folder may serve two installs at once (each would evict the other's on every
    // run): there only what was written a week ago goes.
    const name = current.slice(0, current.indexOf('.') + 1);
    const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
    for (const file of fs.readdirSync(dir)) {
      if (!file.startsWith(name) || file.startsWith(current) || !/^[\w-]+\.[0-9a-f.]+(?:\.[a-z-]+)?\.cache$/.test(file)) continue;
      const old = path.join(dir, file);
      if (bundle !== null || fs.statSync(old).mtimeMs < weekAgo) fs.rmSync(old, { force: true });
    }
  } catch {
    // nowhere to write it: the bundle still runs, a few milliseconds slower
  }
}

// AI_ATTEST_TRACE=1: where the time went (npm run bench -- startup reads these lines).
function trace(what) {
  const cpu = process.cpuUsage();
  process.stderr.write(
    `ai-attest: ${hook} ${what} ${performance.now().toFixed(1)} ms after node started, ` +
      `${((cpu.user + cpu.system) / 1000).toFixed(1)} ms of CPU\n`,
  );
}

function finish(code) {
  if (process.env.AI_ATTEST_TRACE === '1' && code !== 'full-cli') trace('done');
  if (code === 'full-cli') {
    import('../dist/cli.js').catch((error) => {
      process.stderr.write(`ai-attest: could not load the CLI (${error && error.message}). Reinstall ai-attest.\n`);
      process.exit(2);
    });
  } else if (BUNDLES[hook] === 'cli-lean') {
    // A command has drained its output; a worker or a git process it stopped waiting for must
    // not hold the exit.
    process.exit(code);
  } else exit(code);
}

function exit(code) {
  // Ending on its own lets output still queued for a pipe (GUI clients) drain, and touches no
  // stdio stream a quiet commit never created; something left holding the event loop open gets
  // a few seconds, never a hung commit.
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3000).unref();
}
