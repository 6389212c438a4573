/**
 * State shared by the core's entry files (index.ts; aot-exports.ts in builds
 * with AOT_LOADER, aot-writer-exports.ts in those with the .wasm loader too):
 * the module handle table and the scratch buffer that string-returning
 * exports write into.
 */
import { Module, typeCode } from "./module";
import { encodeUtf8, bytesOut } from "./utf8";

let scratch: usize = 0;
let scratchCap: usize = 0;

export function scratchAddr(): usize { return scratch; }

/** A scratch buffer of at least `n` bytes (at least 256: the type strings below fit without a check). */
function scratchFor(n: usize): usize {
  if (n > scratchCap) {
    if (scratch) heap.free(scratch);
    scratchCap = max<usize>(n, 256);
    scratch = heap.alloc(scratchCap);
  }
  return scratch;
}

/** Write `s` as UTF-8 into the scratch buffer; returns its length in bytes (without WASM_LOADER: `s` holds UTF-8 bytes already, utf8.ts byteString). */
export function out(s: string): i32 {
  if (!isDefined(WASM_LOADER)) return <i32>bytesOut(s, scratchFor(<usize>s.length));
  // room for the longest encoding (3 bytes per UTF-16 unit; a surrogate pair's 4 bytes take 2 units), one pass
  return <i32>encodeUtf8(s, scratchFor(<usize>s.length * 3));
}

// ASCII text written straight into the scratch buffer, for the exports' type
// strings ("r 1 -1", "mut i"): outStart, then the pieces, then outEnd gives the
// length. No AssemblyScript strings: their literals and toString cost the
// size-optimized cores about 30 bytes of data each and 400 bytes of code.
let outPos: usize = 0;
export function outStart(): void { outPos = scratchFor(256); }
export function outEnd(): i32 { return <i32>(outPos - scratch); }
export function outChar(c: u32): void { store<u8>(outPos, <u8>c); outPos++; }
/** `v` in decimal. */
export function outDecimal(v: u32): void {
  let n: usize = 1;
  for (let q = v; q >= 10; q /= 10) n++;
  outPos += n;
  let p = outPos;
  do { p--; store<u8>(p, <u8>(48 + v % 10)); v /= 10; } while (v);
}
/** Limits as "min max" (max -1 when absent). */
export function outLimits(min: u32, hasMax: bool, max: u32): void {
  outDecimal(min);
  outChar(0x20);
  if (hasMax) outDecimal(max); else { outChar(0x2d); outChar(0x31); }
}
/** A global's type: "i", or "mut i" (WAMR's letters, typeCode). */
export function outGlobalType(mutable: bool, valType: u8): void {
  if (mutable) { outChar(0x6d); outChar(0x75); outChar(0x74); outChar(0x20); }
  outChar(typeCode(valType));
}

/** Modules by handle (0 is never a module). */
export const modules: Array<Module | null> = [null];

export function mod(h: i32): Module { return <Module>modules[h]; }
