#!/usr/bin/env node
/**
 * Dynamic instruction counts of the fast interpreter, to choose fusions by
 * measurement: builds a profiling core (FAST_PROFILE) into a temporary
 * directory, runs programs on it, and prints the most executed opcodes and
 * consecutive opcode pairs, plus each program's translated-code size.
 *
 * Usage: node interp-fast/tools/profile.mjs [--top=N] [--opt=LEVEL] [--each] [file.wasm[=ARG,ARG...]]...
 * --opt: the translator's optimization level (RuntimeOptions.translateOpt; default 0).
 * --each: also each program's own top opcodes and pairs (percent of its instructions).
 * --dis[=NAME]: also print the translated code of each program's functions (those whose
 *   name, from the name section, contains NAME), one instruction a line.
 * A file is a path relative to the repository or absolute.
 * Without files: examples/c/compute.wasm, examples/as/*.wasm (commands) and
 * the bench/ programs at their `quick` SCALE when bench/ exists.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, basename, isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { OPS, KINDS, fixedSize, operandOffsets } from "../format.mjs";
import { resolveConfig, ascUseFlags } from "../../build-config/features.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const top = +(args.find((a) => a.startsWith("--top="))?.slice(6) ?? 40);
const translateOpt = +(args.find((a) => a.startsWith("--opt="))?.slice(6) ?? 0);
const each = args.includes("--each");
const dis = args.find((a) => a === "--dis" || a.startsWith("--dis="))?.slice(6);
let programs = args.filter((a) => !a.startsWith("--")).map((a) => { const [f, p] = a.split("="); return { file: f, argv: p ? p.split(",") : [] }; });
if (!programs.length) {
  programs = [
    { file: "examples/c/compute.wasm", argv: [] },
    { file: "examples/as/mandelbrot.wasm", argv: [] },
    { file: "examples/as/sieve.wasm", argv: [] },
  ];
  if (existsSync(join(root, "bench/programs.mjs"))) {
    const { PROGRAMS } = await import(pathToFileURL(join(root, "bench/programs.mjs")).href);
    for (const p of PROGRAMS) programs.push({ file: p.wasm, argv: [String(p.quick)] });
  }
}

const tmp = mkdtempSync(join(tmpdir(), "wamr-fast-profile-"));
mkdirSync(join(tmp, "build"));
cpSync(join(root, "dist"), join(tmp, "dist"), { recursive: true });
const asc = spawnSync(process.execPath, [join(root, "node_modules/assemblyscript/bin/asc.js"), "interp-fast/tools/profile-entry.ts",
  "-o", join(tmp, "build/core.wasm"), "--runtime", "incremental", "-O3", ...ascUseFlags(resolveConfig("default")), "--use", "FAST_PROFILE=1"],
  { cwd: root, stdio: "inherit" });
if (asc.status !== 0) process.exit(1);

const { Runtime } = await import(pathToFileURL(join(tmp, "dist/core/runtime.js")).href);
const { Wasi } = await import(pathToFileURL(join(tmp, "dist/platforms/node/wasi.js")).href);
const N = 512; // interp.ts PROFILE_OPS
const total = new Float64Array(N);
const pairs = new Float64Array(N * N);
const name = (i) => OPS[i]?.name ?? `#${i}`;
/** The `top` most frequent opcodes and consecutive pairs of counts t, p, as percentages of n instructions. */
function printTop(t, p, n) {
  [...t.keys()].sort((a, b) => t[b] - t[a]).slice(0, top).forEach((i) => console.log(`  ${(100 * t[i] / n).toFixed(2).padStart(6)}%  ${name(i)}`));
  console.log(`\ntop pairs:`);
  [...p.keys()].sort((a, b) => p[b] - p[a]).slice(0, top).forEach((i) => console.log(`  ${(100 * p[i] / n).toFixed(2).padStart(6)}%  ${name(Math.floor(i / N))} -> ${name(i % N)}`));
}
const perProgram = [];

/** Print the translated code of the module's functions whose name contains `filter`. */
function disassemble(c, h, bytes, filter) {
  const names = new Map();
  const wm = new WebAssembly.Module(bytes);
  const nimp = WebAssembly.Module.imports(wm).filter((i) => i.kind === "function").length;
  for (const sec of WebAssembly.Module.customSections(wm, "name")) {
    const b = new Uint8Array(sec);
    let p = 0;
    const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
    while (p < b.length) {
      const id = b[p++], size = leb(), end = p + size;
      if (id === 1) for (let n = leb(); n > 0; n--) { const i = leb(), l = leb(); names.set(i, new TextDecoder().decode(b.subarray(p, p + l))); p += l; }
      p = end;
    }
  }
  const dv = new DataView(c.memory.buffer);
  for (let i = 0; i < c.wt_fast_func_count(h); i++) {
    const name = names.get(i + nimp) ?? `$${i + nimp}`;
    if (!name.includes(filter)) continue;
    const at = c.wt_fast_func_code(h, i), len = c.wt_fast_func_code_len(h, i);
    console.log(`\n${name}: ${len} B`);
    for (let q = at; q < at + len;) {
      const o = OPS[dv.getUint16(q, true)];
      if (!o) { console.log(`  ${q - at}: unknown opcode ${dv.getUint16(q, true)}`); break; }
      const parts = [];
      let size = fixedSize(o);
      for (const [k, { off, kind }] of Object.entries(operandOffsets(o))) {
        if (kind === "t*") {
          const n = dv.getUint32(q + off - 4, true) + 1;
          parts.push(`${k}=[${Array.from({ length: n }, (_, j) => q - at + dv.getInt32(q + off + 4 * j, true)).join(",")}]`);
          size += 4 * n;
          continue;
        }
        const units = KINDS[kind].units;
        let v = units === 1 ? (kind === "c" ? dv.getInt16(q + off, true) : dv.getUint16(q + off, true)) : units === 4 ? dv.getBigInt64(q + off, true) : (kind === "u32" || kind === "n" ? dv.getUint32(q + off, true) : dv.getInt32(q + off, true));
        // a pair's second branch target is relative to its virtual opcode (format.mjs PAIRS)
        if (kind === "t") v = "@" + (q - at + v + (o.gen?.kind === "pair" && k.startsWith("y_") ? fixedSize(o.gen.x) - 2 : 0));
        parts.push(`${k}=${v}`);
      }
      console.log(`  ${String(q - at).padStart(6)}  ${o.name} ${parts.join(" ")}`);
      q += size;
    }
  }
}
for (const p of programs) {
  const rt = await Runtime.create({ interpreter: "fast", translateOpt });
  const c = rt.core;
  const cp = c.wt_fast_profile_counts(), pp = c.wt_fast_profile_pairs();
  const bytes = readFileSync(isAbsolute(p.file) ? p.file : join(root, p.file));
  const mod = rt.load(bytes);
  if (dis !== undefined) disassemble(c, mod.handle, bytes, dis);
  const wasi = new Wasi({ args: [basename(p.file), ...p.argv], env: {}, preopens: {}, stdin: "", returnOnExit: true, stdout: () => {}, stderr: () => {} });
  const inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi.imports });
  wasi.bindMemory(() => inst.memory.buffer());
  const t0 = performance.now();
  wasi.start(() => inst.exports._start.call());
  const ms = performance.now() - t0;
  const v = new BigUint64Array(c.memory.buffer);
  let n = 0;
  const t = new Float64Array(N), pr = new Float64Array(N * N);
  for (let i = 0; i < N; i++) { const k = Number(v[cp / 8 + i]); t[i] = k; total[i] += k; n += k; }
  for (let i = 0; i < N * N; i++) { const k = Number(v[pp / 8 + i]); pr[i] = k; pairs[i] += k; }
  if (each) perProgram.push({ label: `${basename(p.file)} ${p.argv.join(" ")}`, t, pr, n });
  const s = mod.codeSize();
  console.log(`${basename(p.file)} ${p.argv.join(" ")}: ${(n / 1e6).toFixed(1)} M instructions, ${ms.toFixed(0)} ms (profiling build); code ${s.translated} B / bytecode ${s.bytecode} B = ${(s.translated / s.bytecode).toFixed(2)}`);
}
rmSync(tmp, { recursive: true, force: true });

for (const e of perProgram) {
  console.log(`\n${e.label}: top opcodes (of ${(e.n / 1e6).toFixed(2)} M):`);
  printTop(e.t, e.pr, e.n);
}
const sum = total.reduce((a, b) => a + b, 0);
console.log(`\ntop opcodes (of ${(sum / 1e6).toFixed(1)} M):`);
printTop(total, pairs, sum);
