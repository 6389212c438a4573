/**
 * Data segment merging for the `bytecode` target (wamrc-ts): a module whose
 * active data segments are many and small (what Binaryen's memory packing
 * and the AssemblyScript compiler emit: a segment per static string, split
 * around runs of zeros) gets them joined into a few, so the device's loader
 * makes a few segment records instead of one per string (load time,
 * docs/aot-format.md "Bytecode payload").
 *
 * Only where the result is the same memory (spec 4.5.4, instantiation): the
 * module defines its memory (so it starts zeroed and nothing else sees it
 * before instantiation succeeds) and imports none; every segment is active,
 * in memory 0, with an `i32.const` offset, and none overlap, so their order
 * does not matter; no `memory.init` or `data.drop` names a segment by index
 * (the caller's part: the data count section, when there is one, gets the
 * new count). Segments at most MAX_GAP bytes apart
 * are joined, the gap filled with zeros, which the fresh memory holds there
 * anyway; a joined segment runs out of bounds exactly when one of its parts
 * did, and then instantiation fails either way. Any other module is returned
 * unchanged.
 */

import { CONST_OP } from "./format.js";
import { parseWasm } from "./wasm-parse.js";

/** Largest gap (bytes) between two segments that are joined into one. */
export const MAX_GAP = 64;

const SEC_DATA = 11, SEC_DATACOUNT = 12;

function uleb(v: number, out: number[]): void {
  do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; out.push(b); } while (v);
}
function sleb32(v: number, out: number[]): void {
  v |= 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { out.push(b); return; }
    out.push(b | 0x80);
  }
}

/**
 * `bytes` (a valid module in which no `memory.init` or `data.drop` names a
 * segment: the caller checks, with the core's validator) with its data
 * segments joined where that is exact (see above), or `bytes` itself.
 */
export function mergeDataSegments(bytes: Uint8Array): Uint8Array {
  const st = parseWasm(bytes);
  const data = st.sections[SEC_DATA], count = st.sections[SEC_DATACOUNT];
  if (!data || st.imports.some((i) => i.kind === 2)) return bytes; // no data, or an imported memory
  const segs: { start: number; data: Uint8Array }[] = [];
  for (const d of st.data) {
    const at = d.offset[0];
    if (d.mode !== 0 || d.memory !== 0 || at?.op !== CONST_OP.i32) return bytes; // active, memory 0, i32.const
    const start = at.lo >>> 0;
    if (start + d.bytes.length > 2 ** 32) return bytes;
    segs.push({ start, data: d.bytes });
  }
  if (segs.length < 2) return bytes;
  const sorted = segs.slice().sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].start + sorted[i - 1].data.length) return bytes; // overlap
  // groups of segments at most MAX_GAP apart
  const groups: { start: number; end: number; parts: typeof sorted }[] = [];
  for (const s of sorted) {
    const g = groups[groups.length - 1];
    if (g && s.start - g.end <= MAX_GAP) { g.parts.push(s); g.end = Math.max(g.end, s.start + s.data.length); }
    else groups.push({ start: s.start, end: s.start + s.data.length, parts: [s] });
  }
  if (groups.length >= segs.length) return bytes;
  const body: number[] = [];
  uleb(groups.length, body);
  for (const g of groups) {
    body.push(0, 0x41);
    sleb32(g.start | 0, body);
    body.push(0x0b);
    uleb(g.end - g.start, body);
    const d = new Uint8Array(g.end - g.start);
    for (const s of g.parts) d.set(s.data, s.start - g.start);
    for (let i = 0; i < d.length; i++) body.push(d[i]);
  }
  const section = (id: number, content: number[]): number[] => { const h = [id]; uleb(content.length, h); return h.concat(content); };
  const newCount: number[] = [];
  uleb(groups.length, newCount);
  // the data count section (before code) and the data section (last but custom ones) in place
  const pieces: (Uint8Array | number[])[] = [];
  let from = 0;
  if (count) { pieces.push(bytes.subarray(from, count[0]), section(SEC_DATACOUNT, newCount)); from = count[1]; }
  pieces.push(bytes.subarray(from, data[0]), section(SEC_DATA, body), bytes.subarray(data[1]));
  const out = new Uint8Array(pieces.reduce((n, x) => n + x.length, 0));
  let q = 0;
  for (const x of pieces) { out.set(x, q); q += x.length; }
  return out;
}
