// The benchmark programs: name, source, what it exercises, and its SCALE
// argument for a full run (`scale`, sized for roughly 50-150 ms on Node's own
// WebAssembly), a --quick run (`quick`) and the unit test (`tiny`).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');

export const PROGRAMS = [
  { name: 'crc32', lang: 'C', what: 'CRC-32, Adler-32, FNV-1a over a 1 MiB buffer (integer, byte loads)', scale: 24, quick: 3, tiny: 1 },
  { name: 'matmul', lang: 'C', what: 'f64 matrix multiply N x N, twice (floating point, memory)', scale: 350, quick: 160, tiny: 12 },
  { name: 'nbody', lang: 'C', what: 'n-body simulation, 5 bodies (f64, sqrt)', scale: 1500000, quick: 150000, tiny: 1000 },
  { name: 'sort', lang: 'C', what: 'quicksort, heapsort, merge sort of ints (compares, memory traffic)', scale: 400000, quick: 60000, tiny: 500 },
  { name: 'vm', lang: 'C', what: 'a bytecode interpreter: trial division, sieve, Collatz (branchy, br_table)', scale: 130000, quick: 25000, tiny: 500 },
  { name: 'bigint', lang: 'C', what: 'SCALE! in 32-bit limbs, decimal conversion, Miller-Rabin (i64 mul/div/rem)', scale: 8000, quick: 1500, tiny: 30 },
  { name: 'calls', lang: 'AS', what: 'fib, ackermann, tak, mutual recursion, call_indirect (calls)', scale: 32, quick: 22, tiny: 8 },
  { name: 'json', lang: 'AS', what: 'generate and parse a JSON document (branchy byte parsing, recursion)', scale: 60000, quick: 8000, tiny: 20 },
];

/**
 * Parts of a program, timed apart with `--parts` (not in a default run): crc32 built with
 * -DCRC32_ONLY=1..3 (bench/build.sh), each pass one checksum's loop; SCALEs chosen for about the
 * same time on Node as crc32's.
 */
export const PARTS = [
  { name: 'crc32-crc', lang: 'C', what: 'crc32 with only its CRC-32 loop (table lookup per byte: a dependency chain through a load)', scale: 24, quick: 3, tiny: 1, source: 'programs/crc32.c', defines: '-DCRC32_ONLY=1' },
  { name: 'crc32-adler', lang: 'C', what: 'crc32 with only its Adler-32 loop (two sums per byte, unrolled by clang)', scale: 144, quick: 18, tiny: 1, source: 'programs/crc32.c', defines: '-DCRC32_ONLY=2' },
  { name: 'crc32-fnv', lang: 'C', what: 'crc32 with only its FNV-1a loop (xor and multiply per byte: a dependency chain)', scale: 48, quick: 6, tiny: 1, source: 'programs/crc32.c', defines: '-DCRC32_ONLY=3' },
];

for (const p of PARTS) p.wasm = path.join(BENCH_DIR, 'programs', `${p.name}.wasm`);

for (const p of PROGRAMS) {
  p.source = `programs/${p.name}.${p.lang === 'C' ? 'c' : 'ts'}`;
  p.wasm = path.join(BENCH_DIR, 'programs', `${p.name}.wasm`);
}
