// Shared helpers: run a WASI command module under Node's own WebAssembly +
// node:wasi (the reference), or under our iwasm-ts CLI as a child process,
// and capture stdout, stderr and the exit status the same way for both.
//
// Used by tests/unit/examples.test.mjs; bench and other tests may reuse it.
//
//   const r = await runNodeWasi('examples/c/hello.wasm', { args: ['a'], env: { HELLO_NAME: 'x' } });
//   r.stdout, r.stderr (strings), r.exitCode (number, or null after a trap),
//   r.error (the trap / thrown error, or null), r.ms (time in _start)
//
//   const c = runIwasm('examples/c/hello.wasm', { args: ['a'], env: {...}, dirs: ['.'], cwd });
//   c.stdout, c.stderr, c.exitCode, c.signal, c.ms
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WASI } from './node-wasi.mjs'; // node:wasi, with the fast-call crash avoided (see there)

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLES = path.join(ROOT, 'examples');
// IWASM_TS_CLI=path overrides the CLI script (e.g. to try another build).
export const IWASM_JS = process.env.IWASM_TS_CLI
  ? path.resolve(process.env.IWASM_TS_CLI)
  : path.join(ROOT, 'dist/platforms/node/iwasm.js');

/** True once the iwasm-ts CLI has been built (npm run build / tsc). */
export function iwasmAvailable() {
  return fs.existsSync(IWASM_JS);
}

/** A fresh temporary directory; remove it with removeTempDir. */
export function makeTempDir(prefix = 'wamr-ts-ex-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

const moduleCache = new Map();

async function compileCached(file) {
  const abs = path.resolve(file);
  const stat = fs.statSync(abs);
  const key = `${abs}:${stat.mtimeMs}:${stat.size}`;
  let mod = moduleCache.get(key);
  if (!mod) {
    mod = await WebAssembly.compile(fs.readFileSync(abs));
    moduleCache.set(key, mod);
  }
  return mod;
}

/**
 * Runs a WASI preview1 command module (one exporting _start) under Node.
 *
 * options:
 *   args      program arguments (argv[1..])
 *   argv0     argv[0]; defaults to the wasm path as given
 *   env       object of environment variables (only these are visible)
 *   preopens  { guestPath: hostPath } (host paths resolved against cwd)
 *   cwd       base for relative host paths in preopens (default process.cwd())
 *   stdin     string or Buffer fed to the program's standard input
 *
 * Output is captured through temporary files whose descriptors node:wasi
 * uses as the program's fds 0, 1 and 2.  A trap does not throw: it is
 * returned in `error` with exitCode null.
 */
export async function runNodeWasi(file, options = {}) {
  const { args = [], env = {}, preopens = {}, cwd = process.cwd(), stdin = '' } = options;
  const argv0 = options.argv0 ?? file;
  const tmp = makeTempDir('wamr-ts-wasi-');
  const inPath = path.join(tmp, 'stdin');
  const outPath = path.join(tmp, 'stdout');
  const errPath = path.join(tmp, 'stderr');
  fs.writeFileSync(inPath, stdin);
  const fdIn = fs.openSync(inPath, 'r');
  const fdOut = fs.openSync(outPath, 'w');
  const fdErr = fs.openSync(errPath, 'w');
  const resolvedPreopens = {};
  for (const [guest, host] of Object.entries(preopens)) resolvedPreopens[guest] = path.resolve(cwd, host);
  let exitCode = null;
  let error = null;
  let ms = 0;
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: [argv0, ...args],
      env,
      preopens: resolvedPreopens,
      stdin: fdIn,
      stdout: fdOut,
      stderr: fdErr,
      returnOnExit: true,
    });
    const mod = await compileCached(path.resolve(cwd, file));
    const instance = await WebAssembly.instantiate(mod, wasi.getImportObject());
    const t0 = performance.now();
    try {
      exitCode = wasi.start(instance);
    } catch (e) {
      error = e;
    }
    ms = performance.now() - t0;
  } finally {
    fs.closeSync(fdIn);
    fs.closeSync(fdOut);
    fs.closeSync(fdErr);
  }
  const result = {
    stdout: fs.readFileSync(outPath, 'utf8'),
    stderr: fs.readFileSync(errPath, 'utf8'),
    exitCode,
    error,
    ms,
  };
  removeTempDir(tmp);
  return result;
}

/**
 * Instantiates a module for direct calls to its exports (reactors). WASI
 * imports, if any, are satisfied by node:wasi with no args/env/preopens.
 */
export async function instantiateNode(file) {
  const mod = await compileCached(file);
  const wasi = new WASI({ version: 'preview1', args: [file], env: {}, returnOnExit: true });
  const imports = WebAssembly.Module.imports(mod).length ? wasi.getImportObject() : {};
  const instance = await WebAssembly.instantiate(mod, imports);
  if (instance.exports._initialize) wasi.initialize(instance);
  return instance.exports;
}

/**
 * Runs a module under the iwasm-ts CLI:
 *   node dist/platforms/node/iwasm.js [--dir=D]... [--env=K=V]... [--core=C]
 *        [-f FUNC] [extraOptions...] file args...
 *
 * options: args, env, dirs (guest paths for --dir=, relative to cwd), cwd,
 *   stdin, core ('js' for the JS build of the core), func (-f), extraOptions,
 *   timeout (ms, default 300000).
 * HELLO_* variables of this process are not passed on, so only `env` is seen
 * even if the CLI forwarded the host environment.
 */
export function runIwasm(file, options = {}) {
  const { args = [], env = {}, dirs = [], cwd = process.cwd(), stdin = '', core, func, extraOptions = [] } = options;
  const cli = [IWASM_JS];
  for (const d of dirs) cli.push(`--dir=${d}`);
  for (const [k, v] of Object.entries(env)) cli.push(`--env=${k}=${v}`);
  if (core) cli.push(`--core=${core}`);
  if (func) cli.push('-f', func);
  cli.push(...extraOptions, file, ...args);
  const childEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HELLO_')) childEnv[k] = v;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, cli, {
    cwd,
    env: childEnv,
    input: stdin,
    encoding: 'utf8',
    timeout: options.timeout ?? 300000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    exitCode: r.status,
    signal: r.signal,
    error: r.error ?? null,
    ms: performance.now() - t0,
    command: ['node', ...cli].join(' '),
  };
}
