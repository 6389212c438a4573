#!/usr/bin/env node
/**
 * Scratch conformance check of the decoder and validator alone
 * (core/assembly/decoder.ts, validator.ts), without instantiation:
 *
 *  - every `module` (and `assert_unlinkable` / `assert_uninstantiable`)
 *    binary of the 90 Wasm 2.0 spec scripts must load;
 *  - every binary `assert_malformed` must fail as Malformed, and every
 *    `assert_invalid` as Invalid, with the expected text as a prefix of the
 *    message (the reference interpreter's matching rule);
 *  - our verdict must agree with the host's `WebAssembly.validate`.
 *
 * Options: `--only=NAME` (one script), `-v` (list every failure),
 * `--fuzz=N` (N random mutations of the spec binaries: no crash allowed,
 * disagreements with WebAssembly.validate are listed by message).
 *
 * Builds core/assembly/tests/decode-entry.ts with asc into a temp file and
 * converts the scripts with tests/spec/wast2json.mjs (cached).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { convertCached } from "../spec/wast2json.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const SPEC = "/work/shared/conformance/spec";
const argv = process.argv.slice(2);
const only = argv.find((a) => a.startsWith("--only="))?.slice(7);
const fuzz = +(argv.find((a) => a.startsWith("--fuzz="))?.slice(7) ?? 0);
const verbose = argv.includes("-v");

const out = join(tmpdir(), `decode-entry-${process.pid}.wasm`);
execFileSync(process.execPath, [join(root, "node_modules/assemblyscript/bin/asc.js"), "core/assembly/tests/decode-entry.ts",
  "-o", out, "--runtime", "incremental", "-O2"], { cwd: root, stdio: "inherit" });
const ex = (await WebAssembly.instantiate(readFileSync(out), {
  env: { abort(m, f, l, c) { throw new Error(`abort at ${l}:${c}`); } },
})).instance.exports;

const str = (p) => String.fromCharCode(...new Uint16Array(ex.memory.buffer, p, new Uint32Array(ex.memory.buffer, p - 4, 1)[0] / 2));

/** Load `bytes` with our decoder: { ok } or { ok: false, kind, msg, off }. */
function load(bytes) {
  const p = ex.alloc(bytes.length);
  new Uint8Array(ex.memory.buffer, p, bytes.length).set(bytes);
  const ok = ex.check(p, bytes.length);
  ex.free(p);
  return ok ? { ok: true } : { ok: false, kind: ex.errKind(), msg: str(ex.errMsg()), off: ex.errOffset() };
}

const MALFORMED = 1, INVALID = 2;
const stats = { malformed: [0, 0], invalid: [0, 0], valid: [0, 0], hostDisagrees: 0 };
const failures = [];
const binaries = [];
for (const f of readdirSync(SPEC).filter((f) => f.endsWith(".wast")).sort()) {
  const name = f.slice(0, -5);
  if (only && name !== only) continue;
  const { dir, json } = await convertCached(join(SPEC, f));
  for (const c of json.commands) {
    let cat, kind;
    if (c.type === "module" || c.type === "assert_unlinkable" || c.type === "assert_uninstantiable") cat = "valid";
    else if (c.module_type !== "binary") continue;
    else if (c.type === "assert_malformed") { cat = "malformed"; kind = MALFORMED; }
    else if (c.type === "assert_invalid") { cat = "invalid"; kind = INVALID; }
    else continue;
    const bytes = readFileSync(join(dir, c.filename));
    binaries.push(bytes);
    const r = load(bytes);
    const pass = cat === "valid" ? r.ok : !r.ok && r.kind === kind && r.msg.startsWith(c.text);
    stats[cat][pass ? 0 : 1]++;
    const got = r.ok ? "ok" : `[${r.kind}] "${r.msg}" @${r.off}`;
    if (!pass) failures.push(`${name}:${c.line} ${cat}: want "${c.text ?? "ok"}", got ${got}`);
    if (WebAssembly.validate(bytes) !== r.ok) { stats.hostDisagrees++; failures.push(`${name}:${c.line} host disagrees: ours ${got}`); }
  }
}
for (const f of verbose ? failures : failures.slice(0, 40)) console.log(f);
console.log(`malformed ${stats.malformed[0]} passed / ${stats.malformed[1]} failed; invalid ${stats.invalid[0]} / ${stats.invalid[1]}; ` +
  `valid ${stats.valid[0]} / ${stats.valid[1]}; disagreements with WebAssembly.validate: ${stats.hostDisagrees}`);

if (fuzz) {
  let seed = 12345, accepted = 0, disagree = 0;
  const rnd = (n) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const kinds = new Map();
  for (let i = 0; i < fuzz; i++) {
    let b = new Uint8Array(binaries[rnd(binaries.length)]);
    for (let k = 1 + rnd(3); k > 0; k--) {
      const p = 8 + rnd(Math.max(1, b.length - 8));
      switch (rnd(4)) {
        case 0: b[p] = rnd(256); break;
        case 1: b[p] ^= 1 << rnd(8); break;
        case 2: b = b.slice(0, p); break;
        default: b = new Uint8Array([...b.slice(0, p), rnd(256), ...b.slice(p)]);
      }
    }
    const r = load(b); // an AS abort or trap throws here and ends the run
    if (r.ok) accepted++;
    if (WebAssembly.validate(b) !== r.ok) {
      disagree++;
      const key = r.ok ? "we accept" : `we reject: ${r.msg}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
  }
  console.log(`fuzz: ${fuzz} mutants, ${accepted} accepted, ${disagree} disagreements with WebAssembly.validate`, Object.fromEntries(kinds));
}
process.exitCode = failures.length ? 1 : 0;
