// Bad and hostile input: truncated, corrupted and random modules, a huge
// declared section, a 10-million-deep call chain, and a 4 GiB memory request.
// Each must end in a clear error (kind, reason, byte offset where it applies)
// within seconds, without crashing or hanging the host or blowing up memory,
// and leave the runtime usable. The CLI cases run iwasm-ts as a user would.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { Runtime, WasmError, Trap } from "../../dist/core/runtime.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = path.join(root, "dist", "platforms", "node", "iwasm.js");
const hello = fs.readFileSync(path.join(root, "examples", "c", "hello.wasm"));
const wabt = await wabtInit();
const wat = (text) => { const m = wabt.parseWat("t.wat", text, {}); try { return m.toBinary({}).buffer; } finally { m.destroy(); } };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wamr-ts-hostile-"));
const rt = await Runtime.create();

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Load `bytes`; returns the WasmError (or null when it loads). Anything else is a defect. */
function tryLoad(bytes) {
  try { rt.load(bytes); return null; }
  catch (e) {
    if (!(e instanceof WasmError)) throw e;
    return e;
  }
}

/** Run the CLI on `bytes` (written to a temp file); a 20 s limit stands for "hangs". */
function runCli(name, bytes, args = []) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args, file], { encoding: "utf8", timeout: 20000 });
  return { ...r, ms: Date.now() - t0 };
}

test("every truncation of a real module is rejected with the offset and reason", () => {
  let n = 0;
  for (let len = 0; len < hello.length; len += len < 64 ? 1 : 41) {
    const cut = hello.subarray(0, len);
    const e = tryLoad(cut);
    // a cut at a section boundary is a valid module (V8 agrees); any other is malformed
    assert.is(e === null, WebAssembly.validate(cut), `truncated to ${len} bytes: ${e ? e.message : "loaded"}`);
    if (!e) continue;
    assert.is(e.kind, "malformed", `at ${len}: ${e.message}`);
    if (len >= 8) {
      assert.ok(e.offset !== undefined && e.offset <= len, `offset ${e.offset} for length ${len}`);
      assert.match(e.reason, /unexpected end|section size mismatch|length out of bounds|inconsistent lengths/);
    }
    n++;
  }
  assert.ok(n > 100);
  assert.is(rt.instantiate(rt.load(wat(`(module (func (export "f") (result i32) i32.const 7))`))).call("f"), 7);
});

test("corrupted modules: our verdict agrees with V8's validator, errors are WasmErrors", () => {
  const rnd = prng(1234);
  let rejected = 0;
  for (let i = 0; i < 400; i++) {
    const b = Uint8Array.from(hello);
    const flips = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < flips; k++) b[8 + Math.floor(rnd() * (b.length - 8))] = Math.floor(rnd() * 256);
    const e = tryLoad(b);
    if (e) rejected++;
    assert.is(e === null, WebAssembly.validate(b), `variant ${i}: ours ${e ? e.message : "valid"}`);
  }
  assert.ok(rejected > 50, `only ${rejected} of 400 rejected`);
});

test("random bytes, with and without a valid header", () => {
  const rnd = prng(99);
  for (let i = 0; i < 300; i++) {
    const len = 1 + Math.floor(rnd() * 200);
    const b = new Uint8Array(len).map(() => Math.floor(rnd() * 256));
    if (i % 2) b.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0].slice(0, Math.min(8, len)));
    const e = tryLoad(b);
    assert.is(e === null, WebAssembly.validate(b), `random ${i}`);
  }
});

test("a huge declared section or vector fails at once, without allocating it", () => {
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  const rss0 = process.memoryUsage().rss;
  const t0 = Date.now();
  // type section declaring 0xffffffff bytes
  let e = tryLoad(new Uint8Array([...header, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
  assert.is(e.kind, "malformed");
  assert.is(e.reason, "length out of bounds");
  assert.is(e.offset, 9);
  // type section of 4 bytes declaring 2^32-1 types
  e = tryLoad(new Uint8Array([...header, 1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]));
  assert.is(e.kind, "malformed");
  // a function declaring 2^32-1 locals
  e = tryLoad(new Uint8Array([...header, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f]));
  assert.is(e.reason, "too many locals");
  assert.ok(Date.now() - t0 < 1000);
  assert.ok(process.memoryUsage().rss - rss0 < 64 << 20, "memory grew");
});

test("iwasm-ts: random bytes and a truncated file exit non-zero with the reason and offset", () => {
  let r = runCli("random.wasm", Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff));
  assert.is.not(r.status, 0);
  assert.is(r.signal, null);
  assert.match(r.stderr, /magic header not detected/);
  r = runCli("truncated.wasm", hello.subarray(0, hello.length >> 1));
  assert.is.not(r.status, 0);
  assert.is(r.signal, null);
  assert.match(r.stderr, /(unexpected end|length out of bounds).*byte offset \d+/);
});

test("iwasm-ts: a 10-million-deep call chain traps with call stack exhausted", () => {
  const m = wat(`(module
    (func $down (param i32) (result i32)
      local.get 0 i32.eqz
      if (result i32) i32.const 0
      else local.get 0 i32.const 1 i32.sub call $down i32.const 1 i32.add end)
    (func (export "_start") i32.const 10000000 call $down drop))`);
  const r = runCli("deep.wasm", m);
  assert.is(r.status, 1);
  assert.is(r.signal, null);
  assert.match(r.stderr, /call stack exhausted/);
  assert.ok(r.ms < 15000, `took ${r.ms} ms`);
});

test("iwasm-ts: a 4 GiB memory request is refused; memory.grow past the limit returns -1", () => {
  let r = runCli("huge-mem.wasm", wat(`(module (memory 65536) (func (export "_start")))`));
  assert.is.not(r.status, 0);
  assert.is(r.signal, null);
  assert.match(r.stderr, /memory size 65536 exceeds the runtime limit/);
  const inst = rt.instantiate(rt.load(wat(`(module (memory 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))`)));
  assert.is(inst.call("grow", 65535), -1);
  assert.is(inst.call("grow", 1), 1);
});

test("a trap inside the start function fails instantiation with a Trap", () => {
  try { rt.instantiate(rt.load(wat(`(module (func $s unreachable) (start $s))`))); assert.unreachable(); }
  catch (e) { assert.instance(e, Trap); assert.is(e.reason, "unreachable"); }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
