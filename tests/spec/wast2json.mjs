/**
 * wast → JSON + .wasm conversion (what wabt's `wast2json` does), using the
 * npm `wabt` package, which ships no `wast2json` command but whose emscripten
 * module exports the C helpers `wabt_parse_wast`, `wabt_validate_script` and
 * `wabt_write_binary_spec_script` (wabt src/emscripten-helpers.cc).
 *
 * The package's own JS wrapper only covers single modules (parseWat,
 * readWasm), so this file drives the low-level exports the same way its
 * `parseWat` does (Lexer → parse → result accessors), with two extras:
 *
 *  - The npm build does not export the `wabt_write_script_result_*`
 *    accessors, so the `WabtWriteScriptResult` struct is read directly from
 *    wabt's linear memory. Its wasm32 layout (emscripten-helpers.cc, libc++):
 *        +0  wabt::Result result          (i32, 0 = Ok)
 *        +4  OutputBuffer* json_buffer
 *        +8  OutputBuffer* log_buffer
 *        +12 std::vector<std::pair<std::string, OutputBuffer*>> module_buffers
 *            (begin, end, capacity; 16-byte elements: 12-byte std::string, pointer)
 *    Every file name read this way is checked against the JSON, so a layout
 *    change fails loudly instead of producing wrong output.
 *  - The module does not expose its memory (HEAPU8), so it is captured once,
 *    while wabt instantiates itself, by briefly wrapping WebAssembly.instantiate.
 *
 * Results are cached in tests/spec/.cache/<name>-<hash>/ keyed by the SHA-256
 * of the .wast content (plus the wabt version and this converter's format
 * version), so reruns read JSON straight from disk.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** Default cache directory. */
export const CACHE_DIR = join(here, ".cache");

/** Bump when the cached layout or conversion changes. */
const FORMAT_VERSION = 1;
const WABT_VERSION = require("wabt/package.json").version;

let wabtPromise;

/** Load (once per thread) the wabt emscripten module and capture its memory. */
async function loadWabt() {
  if (!wabtPromise) {
    wabtPromise = (async () => {
      const factory = require("wabt");
      const original = WebAssembly.instantiate;
      let exports;
      WebAssembly.instantiate = async function (...args) {
        const r = await original.apply(this, args);
        exports ??= (r.instance ?? r).exports;
        return r;
      };
      let mod;
      try {
        mod = await factory();
      } finally {
        WebAssembly.instantiate = original;
      }
      const memory = exports && Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
      if (!memory) throw new Error("wast2json: could not find the wabt module's memory");
      for (const f of ["_wabt_parse_wast", "_wabt_validate_script", "_wabt_write_binary_spec_script", "_wabt_new_wast_buffer_lexer"]) {
        if (typeof mod[f] !== "function") throw new Error(`wast2json: npm wabt ${WABT_VERSION} lacks ${f}`);
      }
      return { mod, memory };
    })();
  }
  return wabtPromise;
}

/**
 * Convert wast source text to { json, files }: the parsed wast2json JSON
 * object and a Map from file name (as named in the JSON) to bytes.
 * `name` is the base name used for the outputs (e.g. "i32" → i32.0.wasm).
 * Throws with wabt's formatted diagnostics if the script does not parse or validate.
 */
export async function convertWast(source, name) {
  const { mod: M, memory } = await loadWabt();
  const u8 = () => new Uint8Array(memory.buffer);
  const u32 = () => new Uint32Array(memory.buffer);
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const toFree = [];

  /** Copy bytes into wabt's heap (NUL-terminated, for C strings). */
  const alloc = (bytes) => {
    const p = M._malloc(bytes.length + 1);
    u8().set(bytes, p);
    u8()[p + bytes.length] = 0;
    toFree.push(p);
    return p;
  };
  const cstr = (s) => alloc(enc.encode(s));
  const readBuffer = (ob) => {
    const p = M._wabt_output_buffer_get_data(ob);
    const n = M._wabt_output_buffer_get_size(ob);
    return u8().slice(p, p + n);
  };
  /**
   * The candidate readings of a libc++ std::string at `p` (wasm32, 12 bytes).
   * This build uses the alternate layout (long: data, size, cap with the
   * is-long flag in its top bit; short: 11 chars then a size byte whose top
   * bit is the flag); the classic layout (flag in bit 0 of byte 0) is kept as
   * a fallback. The caller keeps the reading that names a file in the JSON.
   */
  const readStdString = (p) => {
    const mem = u8();
    const v = u32();
    const out = [];
    const long = (data, size) => {
      if (data + size <= mem.length) out.push(dec.decode(mem.subarray(data, data + size)));
    };
    // alternate layout
    if (mem[p + 11] & 0x80) long(v[p >> 2], v[(p + 4) >> 2]);
    else out.push(dec.decode(mem.subarray(p, p + Math.min(mem[p + 11], 11))));
    // classic layout
    if (mem[p] & 1) long(v[(p + 8) >> 2], v[(p + 4) >> 2]);
    else out.push(dec.decode(mem.subarray(p + 1, p + 1 + Math.min(mem[p] >> 1, 11))));
    return out;
  };

  const wastBytes = typeof source === "string" ? enc.encode(source) : source;
  const fileName = `${name}.wast`;
  const errors = M._wabt_new_errors();
  const features = M._wabt_new_features(); // defaults = the Wasm 2.0 feature set
  let lexer = 0;
  try {
    lexer = M._wabt_new_wast_buffer_lexer(cstr(fileName), alloc(wastBytes), wastBytes.length, errors);
    const fail = (what) => {
      const ob = M._wabt_format_text_errors(errors, lexer);
      const text = dec.decode(readBuffer(ob));
      M._wabt_destroy_output_buffer(ob);
      throw new Error(`wast2json: ${fileName}: ${what} failed:\n${text}`);
    };
    const parsed = M._wabt_parse_wast(lexer, features, errors);
    if (M._wabt_parse_wast_result_get_result(parsed) !== 0) fail("parse");
    // Note: the script and the parse result are leaked: the npm build exports no destructor for them.
    const script = M._wabt_parse_wast_result_release_module(parsed);
    if (M._wabt_validate_script(script, features, errors) !== 0) fail("validation");

    // (script, source_filename, out_filename, log, canonicalize_lebs, relocatable, write_debug_names)
    const res = M._wabt_write_binary_spec_script(script, cstr(fileName), cstr(`${name}.json`), 0, 1, 0, 0);
    const v = u32();
    if (v[res >> 2] !== 0) throw new Error(`wast2json: ${fileName}: writing the spec script failed`);
    const jsonBuf = v[(res + 4) >> 2];
    const json = JSON.parse(dec.decode(readBuffer(jsonBuf)));
    M._wabt_destroy_output_buffer(jsonBuf);

    const referenced = new Set(json.commands.filter((c) => c.filename).map((c) => c.filename));
    const files = new Map();
    const begin = v[(res + 12) >> 2];
    const end = v[(res + 16) >> 2];
    for (let p = begin; p < end; p += 16) {
      const fname = readStdString(p).find((n) => referenced.has(n));
      if (fname === undefined) throw new Error(`wast2json: ${fileName}: cannot read an output file name (wabt struct layout changed?)`);
      const ob = u32()[(p + 12) >> 2];
      files.set(fname, readBuffer(ob));
      M._wabt_destroy_output_buffer(ob);
    }
    // The result struct's vector storage and strings are leaked (no exported destructor); they are small.
    M._free(res);

    // Every file the JSON names must have been read.
    for (const f of referenced) {
      if (!files.has(f)) throw new Error(`wast2json: ${fileName}: output file ${f} missing (wabt struct layout changed?)`);
    }
    return { json, files };
  } finally {
    if (lexer) M._wabt_destroy_wast_lexer(lexer);
    M._wabt_destroy_errors(errors);
    M._wabt_destroy_features(features);
    for (const p of toFree) M._free(p);
  }
}

/** Cache directory for a .wast file with the given content. */
export function cacheDirFor(wastPath, content, cacheRoot = CACHE_DIR) {
  const hash = createHash("sha256").update(`wamr-ts-wast2json ${FORMAT_VERSION} wabt ${WABT_VERSION}\n`).update(content).digest("hex").slice(0, 16);
  return join(cacheRoot, `${basename(wastPath, ".wast")}-${hash}`);
}

/**
 * The converted form of `wastPath`, from the cache or converted now.
 * Returns { dir, json } where the files named in json.commands[].filename are in `dir`.
 */
export async function convertCached(wastPath, cacheRoot = CACHE_DIR) {
  const content = readFileSync(wastPath);
  const name = basename(wastPath, ".wast");
  const dir = cacheDirFor(wastPath, content, cacheRoot);
  const jsonPath = join(dir, `${name}.json`);
  if (existsSync(jsonPath)) {
    try {
      return { dir, json: JSON.parse(readFileSync(jsonPath, "utf8")) };
    } catch {
      // a damaged cache entry: convert again
    }
  }
  const { json, files } = await convertWast(content, name);
  // Write to a private directory and rename, so concurrent runs never see half an entry.
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp, { recursive: true });
  for (const [f, bytes] of files) writeFileSync(join(tmp, f), bytes);
  writeFileSync(join(tmp, `${name}.json`), JSON.stringify(json, null, 1));
  try {
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(jsonPath)) throw e; // someone else won the race: use theirs
  }
  return { dir, json };
}
