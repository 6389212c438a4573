/**
 * The .aot file format, defined once.
 *
 * `LAYOUT` below is the only description of the format: the writer
 * (`writeAot`), the reader (`readAot`) and the field list of
 * docs/aot-format.md (`formatDoc`, checked by tests/unit/aot-format.test.mjs)
 * are all derived from it. Change the format only by editing LAYOUT and
 * bumping FORMAT_VERSION.
 *
 * Portable: no Node modules, no binaryen (a device that loads .aot files
 * needs only this file and aot/loader.ts). Signature verification is given
 * to the reader as a function (aot/sign.ts has Node's).
 */

/** Bumped on any change to LAYOUT or to the meaning of a field. */
export const FORMAT_VERSION = 4;
/** "\0aot" */
export const MAGIC = [0x00, 0x61, 0x6f, 0x74];

/** Code targets. */
export const TARGETS = { js: 1, bytecode: 2 } as const;
export type TargetName = keyof typeof TARGETS;

/**
 * Feature bits: what a module's code needs from the host that loads it.
 * A loader rejects a file asking for a bit it does not support.
 */
export const FEATURES = {
  /** i64 values are JS BigInts (--i64=bigint): the host needs BigInt / BigInt64Array. */
  "bigint": 1 << 0,
  /** i64 values are lowered to pairs of i32 (--i64=pairs). */
  "i64-pairs": 1 << 1,
  /** bulk memory and table instructions (memory.copy/fill/init, table.init/copy, data/elem.drop). */
  "bulk-memory": 1 << 2,
  /** reference types (externref, table.get/set/grow/size/fill, several tables, ref.* instructions). */
  "reference-types": 1 << 3,
  /** multi-value results (functions and blocks with more than one result). */
  "multi-value": 1 << 4,
} as const;
export type FeatureName = keyof typeof FEATURES;
export const ALL_FEATURES = Object.values(FEATURES).reduce((a, b) => a | b, 0);

export function featureNames(bits: number): FeatureName[] {
  return (Object.keys(FEATURES) as FeatureName[]).filter((k) => bits & FEATURES[k]);
}

/** Section ids, in file order. */
export const SECTION = {
  types: 1, imports: 2, functions: 3, tables: 4, memories: 5, globals: 6, exports: 7,
  start: 8, elements: 9, data: 10, names: 11, code: 12, checksum: 13, signature: 14,
} as const;

/** Errors of reading an .aot file (a load error: WasmError kind "malformed" in the loader). */
export class AotFormatError extends Error {
  constructor(message: string, readonly offset?: number) {
    super(offset === undefined ? message : `${message} (at byte offset ${offset})`);
    this.name = "AotFormatError";
  }
}

// ---------------------------------------------------------------------------
// The layout language

/**
 * Field types: `u8`, `u32` (little-endian), `str` (u32 byte length + UTF-8),
 * `bytes` (u32 length + bytes), `vec` (u32 count + items), `struct`,
 * `union` (a u8 tag field earlier in the struct selects the fields that follow),
 * `text` (u32 length + UTF-8, then zero padding to 4 bytes),
 * `blob` (u32 length, zero padding to an 8-byte file offset, the bytes, zero padding to 4).
 */
export type Field =
  | { name: string; type: "u8" | "u32" | "str" | "bytes" | "text" | "blob"; doc: string }
  | { name: string; type: "vec"; of: Field[]; doc: string }
  | { name: string; type: "union"; tag: string; cases: Record<number, { label: string; fields: Field[] }>; doc: string };

const u8 = (name: string, doc: string): Field => ({ name, type: "u8", doc });
const u32 = (name: string, doc: string): Field => ({ name, type: "u32", doc });
const str = (name: string, doc: string): Field => ({ name, type: "str", doc });
const bytes = (name: string, doc: string): Field => ({ name, type: "bytes", doc });
const vec = (name: string, doc: string, of: Field[]): Field => ({ name, type: "vec", of, doc });

/** A constant expression (global initializers, segment offsets, element items): 9 bytes. */
const CONST_EXPR: Field[] = [
  u8("op", "0 `i32.const`, 1 `i64.const`, 2 `f32.const`, 3 `f64.const`, 4 `global.get`, 5 `ref.null`, 6 `ref.func`"),
  u32("lo", "i32 value, low 32 bits of i64, f32 bits, low 32 bits of f64 bits, global index, reference type code (0x70/0x6f), function index"),
  u32("hi", "high 32 bits of an i64 or f64 value; 0 otherwise"),
];
const constExpr = (name: string, doc: string): Field => ({ name, type: "vec", of: CONST_EXPR, doc: `${doc} (a vec of exactly one constant expression)` });

const LIMITS_MAX = "maximum, 0xFFFFFFFF for none";

/** The file, section by section (header first). Every section starts 4-byte aligned. */
export const LAYOUT: { id: number; name: keyof typeof SECTION | "header"; doc: string; fields: Field[] }[] = /* @__PURE__ */ (() => [ // (pure: bundles that only recognize .aot files drop the table)
  {
    id: 0, name: "header", doc: "16 bytes at offset 0.",
    fields: [
      u32("magic", "bytes `00 61 6f 74` (\"\\0aot\")"),
      u32("version", `format version, ${FORMAT_VERSION}`),
      u8("target", "code target: 1 `js` (JavaScript source), 2 `bytecode` (fast-interpreter register code)"),
      u8("reserved0", "0"),
      u8("reserved1", "0"),
      u8("reserved2", "0"),
      u32("features", "feature bits the code needs (see Features); a loader rejects bits it lacks"),
    ],
  },
  {
    id: SECTION.types, name: "types", doc: "Function types, in the module's type index order.",
    fields: [vec("types", "function types", [bytes("params", "parameter value type codes (0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, 0x70 funcref, 0x6f externref)"), bytes("results", "result value type codes")])],
  },
  {
    id: SECTION.imports, name: "imports", doc: "Imports in index-space order.",
    fields: [vec("imports", "imports", [
      str("module", "module name"),
      str("name", "field name"),
      u8("kind", "0 func, 1 table, 2 memory, 3 global"),
      {
        name: "desc", type: "union", tag: "kind", doc: "by kind",
        cases: {
          0: { label: "func", fields: [u32("type", "type index")] },
          1: { label: "table", fields: [u8("elemType", "0x70 funcref, 0x6f externref"), u32("min", "minimum size"), u32("max", LIMITS_MAX)] },
          2: { label: "memory", fields: [u32("min", "minimum pages"), u32("max", LIMITS_MAX)] },
          3: { label: "global", fields: [u8("valType", "value type code"), u8("mutable", "0 const, 1 var")] },
        },
      },
    ])],
  },
  {
    id: SECTION.functions, name: "functions", doc: "The type of each defined (not imported) function.",
    fields: [vec("functions", "defined functions", [u32("type", "type index")])],
  },
  {
    id: SECTION.tables, name: "tables", doc: "Defined tables.",
    fields: [vec("tables", "defined tables", [u8("elemType", "0x70 funcref, 0x6f externref"), u32("min", "initial size"), u32("max", LIMITS_MAX)])],
  },
  {
    id: SECTION.memories, name: "memories", doc: "Defined memories (at most one in wasm 2.0).",
    fields: [vec("memories", "defined memories", [u32("min", "initial pages"), u32("max", LIMITS_MAX)])],
  },
  {
    id: SECTION.globals, name: "globals", doc: "Defined globals.",
    fields: [vec("globals", "defined globals", [u8("valType", "value type code"), u8("mutable", "0 const, 1 var"), constExpr("init", "initial value")])],
  },
  {
    id: SECTION.exports, name: "exports", doc: "Exports.",
    fields: [vec("exports", "exports", [str("name", "export name"), u8("kind", "0 func, 1 table, 2 memory, 3 global"), u32("index", "index in the kind's index space")])],
  },
  {
    id: SECTION.start, name: "start", doc: "The start function.",
    fields: [u32("start", "function index, 0xFFFFFFFF for none")],
  },
  {
    id: SECTION.elements, name: "elements", doc: "Element segments, in module order (instructions refer to them by index).",
    fields: [vec("elements", "element segments", [
      u8("mode", "0 active, 1 passive, 2 declarative"),
      u32("table", "table index (active)"),
      constExpr("offset", "offset (active; empty otherwise)"),
      u8("elemType", "0x70 funcref, 0x6f externref"),
      vec("items", "items, each a constant expression (`ref.func`, `ref.null`, `global.get`)", CONST_EXPR),
    ])],
  },
  {
    id: SECTION.data, name: "data", doc: "Data segments, in module order.",
    fields: [vec("data", "data segments", [
      u8("mode", "0 active, 1 passive"),
      u32("memory", "memory index (active)"),
      constExpr("offset", "offset (active; empty otherwise)"),
      bytes("bytes", "contents"),
    ])],
  },
  {
    id: SECTION.names, name: "names", doc: "Function names (from the name section) for backtraces.",
    fields: [vec("names", "named functions", [u32("index", "function index"), str("name", "name")])],
  },
  {
    id: SECTION.code, name: "code", doc: "The code, for the target in the header. `js`: one or two JavaScript source texts (see Code): the plain flavor, the asm.js flavor, or both, and then the loader picks (see The asm.js flavor); each starts 4-byte aligned and is used in place. `bytecode`: the payload (see Bytecode payload), 8-byte aligned in the file; the module sections before this one are then empty (the payload carries the module).",
    fields: [
      u32("functions", "number of defined functions the code provides"),
      { name: "source", type: "text", doc: "js: the UTF-8 JavaScript source of the plain flavor (codegen-js), empty when the file has only the asm.js flavor; bytecode: empty" },
      { name: "asmSource", type: "text", doc: "js: the UTF-8 JavaScript source of the asm.js flavor (codegen-asm), empty when none; a loader with both runs this one where the host validates asm.js (jsFlavor \"auto\", the default) or when asked to (\"asmjs\"); this one when `source` is empty; bytecode: empty" },
      { name: "payload", type: "blob", doc: "bytecode: the module and its fast-interpreter code (Bytecode payload); js: empty" },
    ],
  },
  {
    id: SECTION.checksum, name: "checksum", doc: "CRC-32 (IEEE 802.3, as zlib) of every byte before this section's id.",
    fields: [u32("crc32", "the checksum")],
  },
  {
    id: SECTION.signature, name: "signature", doc: "Optional, last. Ed25519 signature of every byte before this section's id (checksum included).",
    fields: [bytes("keyId", "SHA-256 of the signing key's public key (DER SPKI), 32 bytes"), bytes("signature", "Ed25519 signature, 64 bytes")],
  },
])();

// ---------------------------------------------------------------------------
// Values

export interface ConstExpr { op: number; lo: number; hi: number }
export const CONST_OP = { i32: 0, i64: 1, f32: 2, f64: 3, globalGet: 4, refNull: 5, refFunc: 6 } as const;

export interface AotImport {
  module: string; name: string; kind: number;
  desc: { type?: number; elemType?: number; min?: number; max?: number; valType?: number; mutable?: number };
}

/** An .aot file's contents (what the writer takes and the reader returns). */
export interface AotFile {
  header: { magic: number; version: number; target: number; reserved0: number; reserved1: number; reserved2: number; features: number };
  types: { params: Uint8Array; results: Uint8Array }[];
  imports: AotImport[];
  functions: { type: number }[];
  tables: { elemType: number; min: number; max: number }[];
  memories: { min: number; max: number }[];
  globals: { valType: number; mutable: number; init: ConstExpr[] }[];
  exports: { name: string; kind: number; index: number }[];
  start: number;
  elements: { mode: number; table: number; offset: ConstExpr[]; elemType: number; items: ConstExpr[] }[];
  data: { mode: number; memory: number; offset: ConstExpr[]; bytes: Uint8Array }[];
  names: { index: number; name: string }[];
  code: { functions: number; source: string; asmSource: string; payload: Uint8Array };
  signature?: { keyId: Uint8Array; signature: Uint8Array };
}

export const NONE = 0xffffffff;

// ---------------------------------------------------------------------------
// UTF-8 (TextEncoder/TextDecoder when the host has them)

function utf8Encode(s: string): Uint8Array {
  if (typeof TextEncoder === "function") return new TextEncoder().encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

let decoder: TextDecoder | undefined;
function utf8Decode(b: Uint8Array): string {
  if (b.length === 0) return "";
  if (typeof TextDecoder === "function") return (decoder ??= new TextDecoder("utf-8", { ignoreBOM: true })).decode(b);
  let s = "";
  for (let i = 0; i < b.length;) {
    const c = b[i++];
    let cp = c;
    if (c >= 0xf0) { cp = ((c & 7) << 18) | ((b[i] & 63) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); i += 3; }
    else if (c >= 0xe0) { cp = ((c & 15) << 12) | ((b[i] & 63) << 6) | (b[i + 1] & 63); i += 2; }
    else if (c >= 0xc0) { cp = ((c & 31) << 6) | (b[i] & 63); i += 1; }
    if (cp > 0xffff) { cp -= 0x10000; s += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff)); }
    else s += String.fromCharCode(cp);
  }
  return s;
}

// ---------------------------------------------------------------------------
// CRC-32

let crcTables: Int32Array | undefined;
/** CRC-32 (IEEE 802.3, as zlib) of b[start, end), computed here, four bytes a step (slicing-by-4 tables): for hosts without zlib. */
export function crc32Portable(b: Uint8Array, start = 0, end = b.length): number {
  if (!crcTables) {
    const t = new Int32Array(1024);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c;
    }
    for (let n = 0; n < 256; n++) for (let k = 1; k < 4; k++) t[k * 256 + n] = t[t[(k - 1) * 256 + n] & 0xff] ^ (t[(k - 1) * 256 + n] >>> 8);
    crcTables = t;
  }
  const t = crcTables;
  let c = -1;
  let i = start;
  for (const e4 = end - 3; i < e4; i += 4) {
    c ^= b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24];
  }
  for (; i < end; i++) c = t[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The host's zlib crc32 (Node >= 20.15 through process.getBuiltinModule; null elsewhere), looked up on first use. */
let zlibCrc32: ((data: Uint8Array) => number) | null | undefined;
function hostCrc32(): ((data: Uint8Array) => number) | null {
  if (zlibCrc32 === undefined) {
    const proc = typeof process === "object" ? (process as any) : undefined;
    let f: unknown;
    try { f = proc && typeof proc.getBuiltinModule === "function" ? proc.getBuiltinModule("zlib")?.crc32 : undefined; } catch { f = undefined; }
    zlibCrc32 = typeof f === "function" ? (f as (data: Uint8Array) => number) : null;
  }
  return zlibCrc32;
}

/**
 * CRC-32 (IEEE 802.3, as zlib) of b[start, end): zlib's when the host has it
 * (Node's `zlib.crc32`, several times faster: it is most of the container
 * check's cost), else `crc32Portable`. Both give the same value.
 */
export function crc32(b: Uint8Array, start = 0, end = b.length): number {
  const z = hostCrc32();
  return z ? z(b.subarray(start, end)) >>> 0 : crc32Portable(b, start, end);
}

// ---------------------------------------------------------------------------
// Writer

class Out {
  buf = new Uint8Array(1024);
  len = 0;
  private need(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  u8(v: number): void { this.need(1); this.buf[this.len++] = v & 0xff; }
  u32(v: number): void {
    this.need(4);
    const b = this.buf, p = this.len;
    b[p] = v & 0xff; b[p + 1] = (v >>> 8) & 0xff; b[p + 2] = (v >>> 16) & 0xff; b[p + 3] = (v >>> 24) & 0xff;
    this.len += 4;
  }
  raw(b: Uint8Array): void { this.need(b.length); this.buf.set(b, this.len); this.len += b.length; }
  align4(): void { this.align(4); }
  align(n: number): void { while (this.len & (n - 1)) this.u8(0); }
  patch32(at: number, v: number): void {
    const b = this.buf;
    b[at] = v & 0xff; b[at + 1] = (v >>> 8) & 0xff; b[at + 2] = (v >>> 16) & 0xff; b[at + 3] = (v >>> 24) & 0xff;
  }
  bytes(): Uint8Array { return this.buf.slice(0, this.len); }
}

function writeFields(out: Out, fields: Field[], v: any, where: string): void {
  for (const f of fields) {
    const x = v[f.name];
    const at = `${where}.${f.name}`;
    switch (f.type) {
      case "u8": if (!Number.isInteger(x) || x < 0 || x > 255) throw new TypeError(`${at}: not a u8: ${x}`); out.u8(x); break;
      case "u32": if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new TypeError(`${at}: not a u32: ${x}`); out.u32(x); break;
      case "str": { const b = utf8Encode(String(x)); out.u32(b.length); out.raw(b); break; }
      case "bytes": { const b = x as Uint8Array; out.u32(b.length); out.raw(b); break; }
      case "text": { const b = utf8Encode(String(x)); out.u32(b.length); out.raw(b); out.align4(); break; }
      case "blob": { const b = (x ?? new Uint8Array(0)) as Uint8Array; out.u32(b.length); out.align(8); out.raw(b); out.align4(); break; }
      case "vec": {
        const items = x as any[];
        out.u32(items.length);
        items.forEach((item, i) => writeFields(out, f.of, item, `${at}[${i}]`));
        break;
      }
      case "union": {
        const c = f.cases[v[f.tag]];
        if (!c) throw new TypeError(`${at}: no case for ${f.tag} ${v[f.tag]}`);
        writeFields(out, c.fields, x, at);
        break;
      }
    }
  }
}

/**
 * Serialize `file`. Sections are written in LAYOUT order, each as
 * `id u8, 3 zero bytes, size u32, payload, zero padding to 4 bytes`.
 * `sign`, when given, signs everything before the signature section.
 */
export function writeAot(file: Omit<AotFile, "signature">, sign?: (data: Uint8Array) => { keyId: Uint8Array; signature: Uint8Array }): Uint8Array {
  const out = new Out();
  writeFields(out, LAYOUT[0].fields, file.header, "header");
  for (const s of LAYOUT.slice(1)) {
    if (s.name === "checksum" || s.name === "signature") continue;
    writeSection(out, s, (file as any)[s.name]);
  }
  const crc = crc32(out.buf, 0, out.len);
  writeSection(out, LAYOUT.find((s) => s.name === "checksum")!, crc);
  if (sign) {
    const sig = sign(out.buf.slice(0, out.len));
    writeSection(out, LAYOUT.find((s) => s.name === "signature")!, sig);
  }
  return out.bytes();
}

function writeSection(out: Out, s: (typeof LAYOUT)[number], v: any): void {
  out.u8(s.id); out.u8(0); out.u8(0); out.u8(0);
  const sizeAt = out.len;
  out.u32(0);
  const start = out.len;
  // A section whose only field has the section's name holds that field's value directly (AotFile.types, .start, ...).
  const single = s.fields.length === 1 && (s.fields[0].name === s.name || s.name === "checksum");
  const value = single ? { [s.fields[0].name]: v } : v;
  writeFields(out, s.fields, value, s.name);
  out.align4();
  out.patch32(sizeAt, out.len - start);
}

// ---------------------------------------------------------------------------
// Reader

export interface ReadOptions {
  /** Targets this loader runs (default: any). */
  targets?: TargetName[];
  /** Feature bits this host supports (default ALL_FEATURES). */
  features?: number;
  /**
   * Signature policy: when given, the file must carry a signature that
   * `verify(data, keyId, signature)` accepts; it returns false for a bad
   * signature or an untrusted key.
   */
  verify?: (data: Uint8Array, keyId: Uint8Array, signature: Uint8Array) => boolean;
}

/** Reads bounds-checked fields; `where` + `name` say which in an error (joined only then: most files have none). */
class In {
  p = 0;
  constructor(readonly b: Uint8Array, readonly end: number) {}
  need(n: number, where: string, name = ""): void {
    if (this.p + n > this.end) throw new AotFormatError(`truncated file: ${fieldName(where, name)} runs past the end`, this.p);
  }
  u8(where: string, name = ""): number { this.need(1, where, name); return this.b[this.p++]; }
  u32(where: string, name = ""): number {
    this.need(4, where, name);
    const b = this.b, p = this.p;
    this.p += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }
  bytes(where: string, name = ""): Uint8Array {
    const n = this.u32(where, name);
    this.need(n, where, name);
    const r = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return r;
  }
}

const fieldName = (where: string, name: string): string => name ? `${where}.${name}` : where;

function readFields(inp: In, fields: Field[], where: string, out: any = {}): any {
  for (const f of fields) {
    const name = f.name;
    switch (f.type) {
      case "u8": out[name] = inp.u8(where, name); break;
      case "u32": out[name] = inp.u32(where, name); break;
      case "str": out[name] = utf8Decode(inp.bytes(where, name)); break;
      case "bytes": out[name] = inp.bytes(where, name); break;
      case "text": out[name] = utf8Decode(inp.bytes(where, name)); inp.p = Math.min(inp.end, (inp.p + 3) & ~3); break;
      case "blob": {
        const n = inp.u32(where, name);
        const start = (inp.p + 7) & ~7;
        if (start + n > inp.end) throw new AotFormatError(`truncated file: ${fieldName(where, name)} runs past the end`, inp.p);
        out[name] = inp.b.subarray(start, start + n);
        inp.p = Math.min(inp.end, (start + n + 3) & ~3);
        break;
      }
      case "vec": {
        const n = inp.u32(where, name);
        // Every item takes at least one byte: a count beyond the bytes left is corrupt.
        if (n > inp.end - inp.p) throw new AotFormatError(`${fieldName(where, name)}: count ${n} exceeds the section`, inp.p - 4);
        const items = new Array(n);
        for (let i = 0; i < n; i++) items[i] = readFields(inp, f.of, `${fieldName(where, name)}[${i}]`);
        out[name] = items;
        break;
      }
      case "union": {
        const c = f.cases[out[f.tag]];
        if (!c) throw new AotFormatError(`${fieldName(where, name)}: bad ${f.tag} ${out[f.tag]}`, inp.p - 1);
        out[name] = readFields(inp, c.fields, fieldName(where, name));
        break;
      }
    }
  }
  return out;
}

function zeros(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

/** readAot, with its AotFormatError turned into the caller's load error (`wrap`). */
export function readAotChecked(b: Uint8Array, options: ReadOptions, wrap: (message: string) => Error): AotFile {
  try {
    return readAot(b, options);
  } catch (e) {
    if (e instanceof AotFormatError) throw wrap(e.message);
    throw e;
  }
}

/** True if `b` starts with the .aot magic. */
export function isAot(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === MAGIC[0] && b[1] === MAGIC[1] && b[2] === MAGIC[2] && b[3] === MAGIC[3];
}

/** True if `b` is an .aot file whose header names the `bytecode` target (run by the core, not by aot/loader.ts). */
export function isBytecodeAot(b: Uint8Array): boolean {
  return isAot(b) && b.length > 8 && b[8] === TARGETS.bytecode;
}

/**
 * Parse and check an .aot file: magic, version, target, features, every
 * section's bounds, the checksum, and (when `options.verify` is given) the
 * signature. Throws AotFormatError with a clear reason.
 */
export function readAot(b: Uint8Array, options: ReadOptions = {}): AotFile {
  if (b.length < 4) throw new AotFormatError("truncated file: shorter than the header", 0);
  if (!isAot(b)) throw new AotFormatError("not an .aot file (bad magic)", 0);
  const inp = new In(b, b.length);
  const header = readFields(inp, LAYOUT[0].fields, "header");
  if (header.version !== FORMAT_VERSION) {
    throw new AotFormatError(`unsupported .aot format version ${header.version} (this loader reads version ${FORMAT_VERSION}; recompile with a matching wamrc-ts)`, 4);
  }
  const targetName = (Object.keys(TARGETS) as TargetName[]).find((k) => TARGETS[k] === header.target);
  if (!targetName) throw new AotFormatError(`unknown target ${header.target}`, 8);
  if (options.targets && !options.targets.includes(targetName)) {
    throw new AotFormatError(`wrong target: the file is compiled for "${targetName}", this loader runs ${options.targets.map((t) => `"${t}"`).join(", ")}`, 8);
  }
  const supported = options.features ?? ALL_FEATURES;
  const missing = header.features & ~supported;
  if (missing) {
    const names = featureNames(missing);
    const unknown = missing & ~ALL_FEATURES;
    throw new AotFormatError(`the module needs feature${names.length + (unknown ? 1 : 0) > 1 ? "s" : ""} this host lacks: ${[...names, ...(unknown ? [`unknown bits 0x${unknown.toString(16)}`] : [])].join(", ")}`, 12);
  }
  const file: any = { header };
  let sigAt = -1;
  for (const s of LAYOUT.slice(1)) {
    if (s.name === "signature" && inp.p === b.length) break; // optional
    const at = inp.p;
    if (s.name === "signature") sigAt = at;
    const id = inp.u8(`section ${s.name}`);
    if (id !== s.id) throw new AotFormatError(`expected section ${s.name} (id ${s.id}), found id ${id}`, at);
    inp.p += 3;
    const size = inp.u32(`section ${s.name} size`);
    if (inp.p + size > b.length) throw new AotFormatError(`truncated file: section ${s.name} runs past the end`, at);
    if (s.name === "checksum") {
      if (size !== 4) throw new AotFormatError(`section checksum: size ${size}, expected 4`, at);
      const want = (b[inp.p] | (b[inp.p + 1] << 8) | (b[inp.p + 2] << 16) | (b[inp.p + 3] << 24)) >>> 0;
      const got = crc32(b, 0, at);
      if (want !== got) throw new AotFormatError(`checksum mismatch (stored 0x${want.toString(16).padStart(8, "0")}, computed 0x${got.toString(16).padStart(8, "0")}): the file is corrupt`, at);
      inp.p += size;
      continue;
    }
    const sec = new In(b, inp.p + size);
    sec.p = inp.p;
    const v = readFields(sec, s.fields, s.name);
    // Then zero padding to 4 bytes.
    if (sec.end - sec.p > 3 || !zeros(b, sec.p, sec.end)) throw new AotFormatError(`section ${s.name}: ${sec.end - sec.p} bytes left over`, sec.p);
    inp.p += size;
    file[s.name] = s.fields.length === 1 && s.fields[0].name === s.name ? v[s.name] : v;
  }
  if (inp.p !== b.length) throw new AotFormatError(`${b.length - inp.p} bytes after the last section`, inp.p);
  if (options.verify) {
    if (!file.signature) throw new AotFormatError("the module is not signed, and this loader only runs modules signed by a trusted key");
    if (!options.verify(b.subarray(0, sigAt), file.signature.keyId, file.signature.signature)) {
      throw new AotFormatError("bad signature: the module is not signed by a trusted key, or was changed after signing", sigAt);
    }
  }
  return file as AotFile;
}

// ---------------------------------------------------------------------------
// Documentation

function docFields(fields: Field[], indent: string, lines: string[]): void {
  for (const f of fields) {
    switch (f.type) {
      case "vec":
        lines.push(`| ${indent}\`${f.name}\` | vec | ${f.doc}; each: |`);
        docFields(f.of, indent + "&nbsp;&nbsp;&nbsp;&nbsp;", lines);
        break;
      case "union":
        for (const [tag, c] of Object.entries(f.cases)) {
          lines.push(`| ${indent}(${f.tag} = ${tag}, ${c.label}) | | |`);
          docFields(c.fields, indent + "&nbsp;&nbsp;&nbsp;&nbsp;", lines);
        }
        break;
      default:
        lines.push(`| ${indent}\`${f.name}\` | ${f.type} | ${f.doc} |`);
    }
  }
}

/** The generated part of docs/aot-format.md (between the `format:begin`/`format:end` markers). */
export function formatDoc(): string {
  const lines: string[] = [];
  lines.push(`Format version: **${FORMAT_VERSION}**.`, "");
  lines.push("Features:", "", "| bit | name |", "|---:|---|");
  for (const [k, v] of Object.entries(FEATURES)) lines.push(`| 0x${v.toString(16)} | \`${k}\` |`);
  lines.push("");
  for (const s of LAYOUT) {
    lines.push(`### ${s.name}${s.id ? ` (id ${s.id})` : ""}`, "", s.doc, "", "| field | type | meaning |", "|---|---|---|");
    docFields(s.fields, "", lines);
    lines.push("");
  }
  return lines.join("\n");
}
