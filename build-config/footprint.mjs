#!/usr/bin/env node
/**
 * `npm run footprint`: the RAM a preset needs to load and run a small
 * program, in the way WAMR documents its memory usage. For each preset that
 * can run .wasm modules (aot-only loads only AoT bytecode) and each form of the core
 * (core.wasm on the host's WebAssembly engine, core.mjs: wasm2js, for hosts
 * without one), a fresh `node --expose-gc` child process:
 *
 *   1. imports build/<preset>/node.mjs (the runtime), creates a Runtime on
 *      that core, loads and instantiates the program, runs its `_start`;
 *   2. keeps every object alive, collects garbage, reads process.memoryUsage().
 * A baseline child does the same without steps 1 (and its numbers are
 * subtracted: a before/after difference in one process came out negative,
 * Node freeing startup memory meanwhile). V8's bytecode flushing is off (else
 * collections drop compiled code at random); each case runs 3 times and the
 * medians are used.
 *
 * Reported, in bytes:
 *   core memory   the core's linear memory after the run (pages × 64 KiB):
 *                 the runtime's own data plus every module's linear memory,
 *                 value stack and tables, which live inside it
 *   JS heap       heapUsed growth: the runtime's code and objects (and, for
 *                 core.mjs, the wasm2js core's functions)
 *   external      `external` growth: memory outside the JS heap, the core
 *                 memory included (a WebAssembly.Memory or, for core.mjs,
 *                 an ArrayBuffer), plus the program's bytes
 *   total         JS heap + external: what the process grew by
 * The program: examples/c/hello.wasm (WASI through a 9-function shim of its
 * own, so every preset runs the same host code, WASI built in or not) and
 * examples/as/sieve.wasm 1000 (a 1000-byte array in linear memory; it
 * needs bulk memory, so presets without BULK_MEMORY show it as not built in).
 * Missing builds are made first (`npm run build -- --preset=NAME --no-save`).
 *
 * Usage: node build-config/footprint.mjs [--preset=NAME]... [--markdown]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { PRESETS } from "./features.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PROGRAMS = {
  hello: { file: "examples/c/hello.wasm", args: ["hello.wasm"] },
  sieve: { file: "examples/as/sieve.wasm", args: ["sieve", "1000"] },
};
/** Presets that can run these .wasm programs (aot-only loads only AoT bytecode). */
export const RUNNABLE = Object.keys(PRESETS).filter((p) => p !== "aot-only");

/** In the child: measure one (preset, core form, program). Prints one JSON line. */
async function child(preset, form, program) {
  const gc = globalThis.gc;
  if (!gc) throw new Error("footprint: run the child with --expose-gc");
  // full collections, with turns of the event loop between them (weak references and finalizers)
  const settle = async () => { for (let i = 0; i < 4; i++) { gc(); await new Promise((r) => setImmediate(r)); } };
  const p = PROGRAMS[program];
  const bytes = readFileSync(join(root, p.file));
  const dir = join(root, "build", preset);
  // warm Node's module loader up first (its first dynamic import frees memory of the startup)
  await import(pathToFileURL(join(root, "build-config", "features.mjs")).href + "?warm");
  await settle();
  const m0 = process.memoryUsage();
  // the baseline child: the same steps without the runtime
  if (form === "none") { await settle(); const m = process.memoryUsage(); console.log(JSON.stringify({ heapAbs: m.heapUsed, externalAbs: m.external })); return; }
  const lib = await import(pathToFileURL(join(dir, "node.mjs")).href);
  let loadCore;
  if (form === "wasm") {
    const mod = await WebAssembly.compile(readFileSync(join(dir, "core.wasm")));
    loadCore = async (env) => (await WebAssembly.instantiate(mod, { env })).exports;
  } else {
    const { createCore } = await import(pathToFileURL(join(dir, "core.mjs")).href);
    loadCore = createCore;
  }
  const rt = await lib.Runtime.create({ loadCore, core: form, stackSize: 64 << 10 });
  let mod;
  try { mod = rt.load(bytes); } catch (e) {
    // a feature the program needs is not in this preset (sieve.wasm uses bulk memory)
    if (!/not built in/.test(e?.message)) throw e;
    console.log(JSON.stringify({ preset, form, program, skipped: e.reason ?? e.message }));
    return;
  }
  let out = "";
  let inst;
  const wasi = tinyWasi(p.args, () => inst.memory.buffer(), (s) => (out += s));
  inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi });
  let status = 0;
  try { inst.func("_start").call(); } catch (e) { if (e?.exitCode === undefined) throw e; status = e.exitCode; }
  await settle();
  const m1 = process.memoryUsage();
  const coreMemory = rt.core.memory.buffer.byteLength;
  const moduleMemory = inst.memory ? inst.memory.size : 0;
  const res = {
    preset, form, program, status, output: out,
    coreMemory, moduleMemory,
    heapAbs: m1.heapUsed, externalAbs: m1.external,
  };
  console.log(JSON.stringify(res));
  globalThis.__keep = [lib, rt, mod, inst]; // alive until the end
}

/** Just the WASI functions hello.wasm and sieve.wasm import. */
function tinyWasi(args, mem, print) {
  const enc = new TextEncoder();
  const argv = args.map((a) => enc.encode(a + "\0"));
  const view = () => { const m = mem(); return [new DataView(m.buffer, m.byteOffset, m.byteLength), m]; };
  return {
    args_sizes_get(c, s) { const [v] = view(); v.setUint32(c, argv.length, true); v.setUint32(s, argv.reduce((a, b) => a + b.length, 0), true); return 0; },
    args_get(ptrs, buf) { const [v, m] = view(); for (const a of argv) { v.setUint32(ptrs, buf, true); ptrs += 4; m.set(a, buf); buf += a.length; } return 0; },
    environ_sizes_get(c, s) { const [v] = view(); v.setUint32(c, 0, true); v.setUint32(s, 0, true); return 0; },
    environ_get() { return 0; },
    fd_close() { return 0; },
    fd_seek() { return 70; },
    fd_fdstat_get(fd, p) { const [v] = view(); for (let i = 0; i < 24; i++) v.setUint8(p + i, 0); v.setUint8(p, 2); return 0; },
    fd_write(fd, iovs, n, nw) {
      const [v, m] = view();
      let total = 0;
      for (let i = 0; i < n; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true), len = v.getUint32(iovs + 8 * i + 4, true);
        print(new TextDecoder().decode(m.subarray(ptr, ptr + len)));
        total += len;
      }
      v.setUint32(nw, total, true);
      return 0;
    },
    proc_exit(code) { const e = new Error(`exit ${code}`); e.exitCode = code; throw e; },
  };
}

/** Measure every (preset, form, program) in its own child process. */
export function measureAll(presets = RUNNABLE, { log = console.error, repeat = 3 } = {}) {
  const rows = [];
  const child = (preset, form, program) => {
    const r = spawnSync(process.execPath, ["--expose-gc", "--no-flush-bytecode", fileURLToPath(import.meta.url), "--child", preset, form, program], { cwd: root, encoding: "utf8" });
    const line = r.stdout.trim().split("\n").pop();
    if (r.status !== 0 || !line?.startsWith("{")) throw new Error(`footprint: ${preset} ${form} ${program} failed:\n${r.stdout}${r.stderr}`);
    return JSON.parse(line);
  };
  const median = (runs, k) => runs.map((x) => x[k]).sort((a, b) => a - b)[runs.length >> 1];
  // what a child holds without the runtime: subtracted from every measurement
  const base = Array.from({ length: repeat }, () => child(presets[0], "none", "hello"));
  const baseHeap = median(base, "heapAbs"), baseExternal = median(base, "externalAbs");
  for (const preset of presets) {
    const dir = join(root, "build", preset);
    if (!existsSync(join(dir, "node.mjs")) || !existsSync(join(dir, "core.mjs"))) {
      log(`footprint: building ${preset}`);
      const b = spawnSync(process.execPath, [join(root, "build-config", "build.mjs"), `--preset=${preset}`, "--no-save"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
      if (b.status !== 0) throw new Error(`footprint: building ${preset} failed`);
    }
    for (const form of ["wasm", "js"]) {
      for (const program of Object.keys(PROGRAMS)) {
        // `repeat` children; the median of what they hold beyond the baseline child
        const runs = Array.from({ length: repeat }, () => child(preset, form, program));
        const row = { ...runs[0], heap: median(runs, "heapAbs") - baseHeap, external: median(runs, "externalAbs") - baseExternal };
        if (row.skipped) { rows.push(row); continue; }
        if (row.status !== 0 || !row.output) throw new Error(`footprint: ${preset} ${form} ${program}: exit ${row.status}, output ${JSON.stringify(row.output)}`);
        rows.push(row);
      }
    }
  }
  return rows;
}

const n = (x) => x.toLocaleString("en-US");

/** The table as Markdown (or aligned text). */
export function formatTable(rows, markdown = false) {
  const head = ["preset", "core", "program", "core memory", "of it: module memory", "JS heap", "external", "total"];
  const body = rows.map((r) => [r.preset, r.form === "wasm" ? "core.wasm" : "core.mjs", r.program === "sieve" ? "sieve 1000" : "hello",
    ...(r.skipped ? [`(${r.skipped})`, "", "", "", ""] : [n(r.coreMemory), n(r.moduleMemory), n(r.heap), n(r.external), n(r.heap + r.external)])]);
  if (markdown) return [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i < 3 ? "---" : "---:")).join("|")}|`, ...body.map((b) => `| ${b.join(" | ")} |`)].join("\n");
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((cells) => cells.map((c, i) => (i < 3 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ")).join("\n");
}

async function main() {
  if (process.argv[2] === "--child") return child(process.argv[3], process.argv[4], process.argv[5]);
  const { values } = parseArgs({ options: { preset: { type: "string", multiple: true }, markdown: { type: "boolean" } } });
  const rows = measureAll(values.preset ?? RUNNABLE);
  console.log(formatTable(rows, values.markdown));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
