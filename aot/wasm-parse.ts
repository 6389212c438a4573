/**
 * Reads a (validated) wasm binary's module structure into the .aot tables:
 * types, imports, functions, tables, memories, globals, exports, start,
 * element and data segments, function names. Function bodies are not read
 * here (Binaryen reads them for code generation). The input must already
 * have passed validation (wamrc-ts validates with the wamr-ts core first).
 */
import { CONST_OP, NONE, type AotFile, type ConstExpr } from "./format.js";

export type WasmStructure = Omit<AotFile, "header" | "code" | "signature"> & {
  /** Byte offsets of declarative element segments' flags (Binaryen drops such segments; wamrc-ts shows them to it as passive). */
  declarativeFlags?: number[];
  /** Byte offset of each element segment's flags (a one-byte u32). */
  elementFlagsAt?: number[];
  /** Each non-custom section's byte range, from its id byte to its end, by section id. */
  sections: Record<number, [number, number]>;
};

export function parseWasm(bytes: Uint8Array): WasmStructure {
  let p = 8;
  const u8 = () => bytes[p++];
  const u32 = (): number => {
    let r = 0, shift = 0, b: number;
    do { b = bytes[p++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return r >>> 0;
  };
  const s64 = (): bigint => {
    let r = 0n, shift = 0n, b: number;
    do { b = bytes[p++]; r |= BigInt(b & 0x7f) << shift; shift += 7n; } while (b & 0x80);
    if (shift < 64n && b & 0x40) r -= 1n << shift;
    return BigInt.asUintN(64, r);
  };
  const s32 = (): number => Number(BigInt.asIntN(32, s64())) | 0;
  const name = (): string => {
    const n = u32();
    const s = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const limits = (): { min: number; max: number } => {
    const flags = u8();
    const min = u32();
    return { min, max: flags & 1 ? u32() : NONE };
  };
  const le32 = (): number => { const v = (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0; p += 4; return v; };
  const constExpr = (): ConstExpr => {
    const op = u8();
    let e: ConstExpr;
    switch (op) {
      case 0x41: e = { op: CONST_OP.i32, lo: s32() >>> 0, hi: 0 }; break;
      case 0x42: { const v = s64(); e = { op: CONST_OP.i64, lo: Number(v & 0xffffffffn), hi: Number(v >> 32n) }; break; }
      case 0x43: e = { op: CONST_OP.f32, lo: le32(), hi: 0 }; break;
      case 0x44: { const lo = le32(); e = { op: CONST_OP.f64, lo, hi: le32() }; break; }
      case 0x23: e = { op: CONST_OP.globalGet, lo: u32(), hi: 0 }; break;
      case 0xd0: e = { op: CONST_OP.refNull, lo: u8(), hi: 0 }; break;
      case 0xd2: e = { op: CONST_OP.refFunc, lo: u32(), hi: 0 }; break;
      default: throw new Error(`wamrc-ts: unsupported constant expression opcode 0x${op.toString(16)}`);
    }
    if (u8() !== 0x0b) throw new Error("wamrc-ts: constant expression with more than one instruction");
    return e;
  };

  const m: WasmStructure = {
    types: [], imports: [], functions: [], tables: [], memories: [], globals: [], exports: [],
    start: NONE, elements: [], data: [], names: [], sections: {},
  };
  while (p < bytes.length) {
    const at = p;
    const id = u8();
    const size = u32();
    const end = p + size;
    if (id !== 0) m.sections[id] = [at, end];
    switch (id) {
      case 0: {
        const n = name();
        if (n === "name") {
          while (p < end) {
            const sub = u8();
            const len = u32();
            const subEnd = p + len;
            if (sub === 1) for (let k = u32(); k > 0; k--) { const index = u32(); m.names.push({ index, name: name() }); }
            p = subEnd;
          }
        }
        break;
      }
      case 1:
        for (let n = u32(); n > 0; n--) {
          u8(); // 0x60
          const np = u32();
          const params = bytes.slice(p, p + np); p += np;
          const nr = u32();
          const results = bytes.slice(p, p + nr); p += nr;
          m.types.push({ params, results });
        }
        break;
      case 2:
        for (let n = u32(); n > 0; n--) {
          const module = name(), field = name(), kind = u8();
          switch (kind) {
            case 0: m.imports.push({ module, name: field, kind, desc: { type: u32() } }); break;
            case 1: { const elemType = u8(); m.imports.push({ module, name: field, kind, desc: { elemType, ...limits() } }); break; }
            case 2: m.imports.push({ module, name: field, kind, desc: limits() }); break;
            case 3: { const valType = u8(); m.imports.push({ module, name: field, kind, desc: { valType, mutable: u8() } }); break; }
          }
        }
        break;
      case 3: for (let n = u32(); n > 0; n--) m.functions.push({ type: u32() }); break;
      case 4: for (let n = u32(); n > 0; n--) { const elemType = u8(); m.tables.push({ elemType, ...limits() }); } break;
      case 5: for (let n = u32(); n > 0; n--) m.memories.push(limits()); break;
      case 6: for (let n = u32(); n > 0; n--) { const valType = u8(); const mutable = u8(); m.globals.push({ valType, mutable, init: [constExpr()] }); } break;
      case 7: for (let n = u32(); n > 0; n--) { const field = name(); const kind = u8(); m.exports.push({ name: field, kind, index: u32() }); } break;
      case 8: m.start = u32(); break;
      case 9:
        for (let n = u32(); n > 0; n--) {
          const flagsAt = p;
          const flags = u32();
          if ((flags & 3) === 3) (m.declarativeFlags ??= []).push(flagsAt);
          (m.elementFlagsAt ??= []).push(flagsAt);
          const active = (flags & 1) === 0;
          const table = flags & 2 && active ? u32() : 0;
          const offset = active ? [constExpr()] : [];
          const usesExprs = (flags & 4) !== 0;
          let elemType = 0x70;
          if (flags & 3) { const t = u8(); if (usesExprs) elemType = t; }
          const items: ConstExpr[] = [];
          for (let k = u32(); k > 0; k--) items.push(usesExprs ? constExpr() : { op: CONST_OP.refFunc, lo: u32(), hi: 0 });
          m.elements.push({ mode: active ? 0 : flags & 2 ? 2 : 1, table, offset, elemType, items });
        }
        break;
      case 11:
        for (let n = u32(); n > 0; n--) {
          const flags = u32();
          const memory = flags === 2 ? u32() : 0;
          const offset = flags === 1 ? [] : [constExpr()];
          const len = u32();
          m.data.push({ mode: flags === 1 ? 1 : 0, memory, offset, bytes: bytes.slice(p, p + len) });
          p += len;
        }
        break;
    }
    p = end;
  }
  return m;
}
