#!/usr/bin/env node
/**
 * Spec conformance runner: `npm run spec -- [options]`.
 *
 * Runs every command of the WebAssembly 2.0 core test scripts
 * (<conformance>/spec/*.wast; not simd/) on an engine, converting each
 * script to wast2json form first (wast2json.mjs, cached in tests/spec/.cache).
 * Files run in parallel worker threads (worker.mjs), each with a time limit.
 *
 * Options:
 *   --engine=node|classic|fast|fast-opt|aot-js|aot-js-pairs|aot-js-asm|aot-bytecode   engine (default classic); node = V8, the reference
 *   --core=wasm|js               core build for classic/fast (Runtime.create option)
 *   --core-dir=DIR               run on the core in DIR (a preset's, e.g. build/aot-only) instead of
 *                                build/; aot-bytecode compiles with the default core, then loads and
 *                                runs each .aot on DIR's (which needs no .wasm loader)
 *   --stack-size=BYTES           interpreter value stack size (Runtime.create option)
 *   --file=NAME                  run only these files (repeatable, or comma-separated;
 *                                "i32", "i32.wast" both work)
 *   --verbose, -v                print each failure and message mismatch
 *   --jobs=N                     worker threads (default: available CPUs)
 *   --timeout=SECONDS            time limit per file (default 300)
 *
 * The conformance directory is ../shared/conformance from the repo root, or
 * $WAMR_TS_CONFORMANCE.
 *
 * Output: one line per file `file.wast: P passed, F failed, N n/a`, a summary
 * line (n/a and message mismatch counts), then the closing line
 * `N passed, N failed` alone on the last line (CI parses it). Exit code 1 if
 * anything failed, 2 on a usage error.
 */
import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { ENGINES, createEngine } from "./engines.mjs";
import { PROGRESS } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");

function usage(message) {
  console.error(`spec runner: ${message}`);
  console.error("usage: npm run spec -- [--engine=node|classic|fast|fast-opt|aot-js|aot-js-pairs|aot-js-asm|aot-bytecode] [--core=wasm|js] [--core-dir=DIR] [--file=NAME ...] [--verbose] [--jobs=N] [--timeout=SECONDS]");
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      engine: { type: "string", default: "classic" },
      core: { type: "string" },
      "core-dir": { type: "string" },
      "stack-size": { type: "string" },
      file: { type: "string", multiple: true },
      verbose: { type: "boolean", short: "v", default: false },
      jobs: { type: "string" },
      timeout: { type: "string", default: "300" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (e) {
  usage(e.message);
}
if (args.help) {
  console.log(readHelp());
  process.exit(0);
}
if (!ENGINES.includes(args.engine)) usage(`unknown engine "${args.engine}"`);
if (args.core !== undefined && !["wasm", "js"].includes(args.core)) usage(`--core must be wasm or js`);
const stackSize = args["stack-size"] === undefined ? undefined : Number(args["stack-size"]);
if (stackSize !== undefined && !(stackSize > 0)) usage("--stack-size must be a positive number of bytes");
const timeoutMs = Number(args.timeout) * 1000;
if (!(timeoutMs > 0)) usage("--timeout must be a positive number of seconds");

const conformance = process.env.WAMR_TS_CONFORMANCE ? resolve(process.env.WAMR_TS_CONFORMANCE) : resolve(root, "..", "shared", "conformance");
const specDir = join(conformance, "spec");
if (!existsSync(specDir)) usage(`no spec tests at ${specDir} (set WAMR_TS_CONFORMANCE to the conformance directory)`);
const allFiles = readdirSync(specDir).filter((f) => f.endsWith(".wast")).sort();

let files = allFiles;
if (args.file) {
  const wanted = args.file.flatMap((f) => f.split(",")).map((f) => f.trim()).filter(Boolean).map((f) => basename(f).replace(/\.wast$/, "") + ".wast");
  const missing = wanted.filter((f) => !allFiles.includes(f));
  if (missing.length) usage(`no such spec file: ${missing.join(", ")}`);
  files = [...new Set(wanted)];
}

const jobs = Math.max(1, Math.min(files.length, args.jobs ? Number(args.jobs) || 1 : availableParallelism()));
const coreDir = args["core-dir"] === undefined ? undefined : resolve(args["core-dir"]);
if (coreDir !== undefined && !existsSync(coreDir)) usage(`--core-dir: no such directory ${coreDir}`);
if (coreDir !== undefined && !["classic", "fast", "fast-opt", "aot-bytecode"].includes(args.engine)) usage("--core-dir is for the engines classic, fast, fast-opt and aot-bytecode");
const engineOptions = { engine: args.engine, core: args.core, coreDir, stackSize };

// Fail early (and clearly) if the engine cannot be set up, e.g. the runtime is not built.
try {
  const engine = await createEngine(args.engine, engineOptions);
  await engine.newContext();
} catch (e) {
  console.log(`spec runner: engine "${args.engine}" unavailable: ${e.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const started = Date.now();
const results = new Array(files.length);
let printed = 0;
const totals = { passed: 0, failed: 0, na: 0, mismatches: 0, commands: 0 };

/** Print the results that are complete, in file order. */
function flush() {
  while (printed < files.length && results[printed]) {
    const name = files[printed];
    const r = results[printed];
    console.log(`${name}: ${r.passed} passed, ${r.failed} failed, ${r.na} n/a`);
    if (args.verbose) {
      for (const f of r.failures) console.log(`  FAIL ${name}:${f.line} ${f.command}: ${f.detail}`);
      for (const m of r.mismatchDetails) console.log(`  message mismatch ${name}:${m.line} ${m.command}: ${m.detail}`);
    }
    for (const k of ["passed", "failed", "na", "mismatches", "commands"]) totals[k] += r[k] ?? 0;
    printed++;
  }
}

/** A result for a file that could not be run. */
const brokenResult = (detail, extra = {}) => ({ passed: 0, failed: 1, na: 0, mismatches: 0, commands: 0, failures: [{ line: 0, command: "file", detail }], mismatchDetails: [], ...extra });

await new Promise((resolveAll) => {
  let next = 0;
  let done = 0;
  const finish = (index, result) => {
    results[index] = result;
    done++;
    flush();
    if (done === files.length) resolveAll();
  };

  const startWorker = () => {
    const shared = new SharedArrayBuffer(PROGRESS.size * 4);
    const progress = new Int32Array(shared);
    const worker = new Worker(join(here, "worker.mjs"), { workerData: { ...engineOptions, progress: shared } });
    let index = -1;
    let timer;
    let ended = false;

    const dispatch = () => {
      if (next >= files.length) {
        ended = true;
        worker.terminate();
        return;
      }
      index = next++;
      worker.postMessage({ file: join(specDir, files[index]) });
      timer = setTimeout(onTimeout, timeoutMs);
    };
    const onTimeout = () => {
      ended = true;
      worker.terminate();
      const p = (k) => progress[PROGRESS[k]];
      const secs = timeoutMs / 1000;
      if (p("total") === 0) {
        finish(index, brokenResult(`timed out after ${secs} s before running any command (conversion or engine setup)`));
      } else {
        const remaining = p("total") - p("index");
        finish(index, {
          passed: p("passed"), failed: p("failed") + remaining, na: p("na"), mismatches: p("mismatches"), commands: p("total"),
          failures: [{ line: p("line"), command: "timeout", detail: `timed out after ${secs} s in this command; it and the ${remaining - 1} after it count as failed (details of earlier failures in this file are lost)` }],
          mismatchDetails: [],
        });
      }
      startWorker();
    };
    worker.on("message", (msg) => {
      clearTimeout(timer);
      finish(index, msg.error ? brokenResult(`could not run: ${msg.error}`) : msg.result);
      dispatch();
    });
    worker.on("error", (e) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      if (index >= 0 && !results[index]) finish(index, brokenResult(`worker crashed: ${e?.stack ?? e}`));
      startWorker();
    });
    worker.on("exit", (code) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      if (index >= 0 && !results[index]) finish(index, brokenResult(`worker exited with code ${code}`));
      startWorker();
    });
    dispatch();
  };

  for (let i = 0; i < jobs; i++) startWorker();
});

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `${files.length} files, ${totals.commands} commands, engine ${args.engine}${args.core ? ` (core ${args.core})` : ""}${coreDir ? ` (core from ${coreDir})` : ""}, ${seconds} s: ` +
    `${totals.na} n/a (text-format modules), ${totals.mismatches} message mismatches`,
);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed ? 1 : 0;

function readHelp() {
  return [
    "usage: npm run spec -- [options]",
    "  --engine=node|classic|fast|fast-opt|aot-js|aot-js-pairs|aot-js-asm|aot-bytecode   engine (default classic); node = V8, the reference",
    "  --core=wasm|js               core build for classic/fast",
    "  --core-dir=DIR               the core in DIR (a preset's build, e.g. build/aot-only); aot-bytecode compiles with build/'s",
    "  --stack-size=BYTES           interpreter value stack size",
    "  --file=NAME                  run only these files (repeatable or comma-separated)",
    "  --verbose, -v                print each failure and message mismatch",
    "  --jobs=N                     worker threads (default: available CPUs)",
    "  --timeout=SECONDS            time limit per file (default 300)",
    "Spec scripts: $WAMR_TS_CONFORMANCE/spec/*.wast (default ../shared/conformance from the repo root).",
  ].join("\n");
}
