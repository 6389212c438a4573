/**
 * State shared by the core's entry files (index.ts, and aot-exports.ts in
 * builds with AOT_LOADER): the module handle table and the scratch buffer
 * that string-returning exports write into.
 */
import { Module, newString } from "./module";
import { encodeUtf8 } from "./utf8";

let scratch: usize = 0;
let scratchCap: usize = 0;

export function scratchAddr(): usize { return scratch; }

/** Write `s` as UTF-8 into the scratch buffer; returns its length in bytes. */
export function out(s: string): i32 {
  // room for the longest encoding (3 bytes per UTF-16 unit; a surrogate pair's 4 bytes take 2 units), one pass
  let n = <usize>s.length * 3;
  if (n > scratchCap) {
    if (scratch) heap.free(scratch);
    scratchCap = max<usize>(n, 256);
    scratch = heap.alloc(scratchCap);
  }
  return <i32>encodeUtf8(s, scratch);
}

/**
 * `v` in decimal, for the strings the exports return. AssemblyScript's
 * toString does the same with radix support, which costs the size-optimized
 * builds about 400 bytes (its digit table, its radix error's message).
 */
export function decimal(v: u32): string {
  let n = 1;
  for (let q = v; q >= 10; q /= 10) n++;
  let s = newString(n);
  let p = changetype<usize>(s) + (<usize>n << 1);
  do { p -= 2; store<u16>(p, <u16>(48 + v % 10)); v /= 10; } while (v);
  return s;
}

/** Modules by handle (0 is never a module). */
export const modules: Array<Module | null> = [null];

export function mod(h: i32): Module { return <Module>modules[h]; }
