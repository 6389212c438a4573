/**
 * LIBC_BUILTIN (build-config/features.mjs): WAMR's libc-builtin, the small
 * libc subset a module built without a libc imports from "env" (printf,
 * puts, strlen, memcpy, malloc, ...), as native symbols:
 *
 *   rt.registerNatives("env", libcBuiltin({ print: (s) => process.stdout.write(s) }));
 *
 * A C program for it: clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry
 * -Wl,--export=main -Wl,--allow-undefined (tests/fixtures/libc-builtin/).
 * Variadic functions receive, as clang passes them on wasm32, a pointer to
 * their arguments (4-byte slots for int/pointer, 8-byte aligned ones for
 * long long and double). malloc is a first-fit allocator over the calling
 * instance's linear memory: its heap begins at the memory's end at the first
 * call and grows it with memory.grow (8-byte header with the block's size;
 * freed blocks are reused, the largest fit split). Host code only: builds
 * without LIBC_BUILTIN do not bundle it.
 */
import type { ExecEnv, NativeSymbol, WasmMemory } from "../../core/runtime.js";

export interface LibcOptions {
  /** Standard output (printf, puts, putchar); no newline is added beyond the program's. */
  print(text: string): void;
}

/** Thrown by abort() and exit(): a trap-like end of the program. */
export class LibcExit extends Error {
  readonly code: number;
  constructor(code: number, what: string) { super(what); this.code = code; this.name = "LibcExit"; }
}

interface Heap { free: Array<[number, number]>; } // free blocks [addr, size]

const enc = (s: string) => { const out: number[] = []; for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); out.push(c < 256 ? c : 63); } return out; };

/** The native symbols for `rt.registerNatives("env", ...)`. */
export function libcBuiltin(opts: LibcOptions): NativeSymbol[] {
  const heaps = new Map<WasmMemory | undefined, Heap>();
  const mem = (env: ExecEnv): Uint8Array => {
    if (!env.memory) throw new LibcExit(1, "libc-builtin: the module has no memory");
    return env.memory.buffer();
  };
  const dv = (m: Uint8Array) => new DataView(m.buffer, m.byteOffset, m.byteLength);
  const cstr = (m: Uint8Array, p: number): string => {
    let s = "";
    for (let i = p; m[i]; i++) s += String.fromCharCode(m[i]);
    return s;
  };
  const strlen = (m: Uint8Array, p: number) => { let i = p; while (m[i]) i++; return i - p; };

  /** printf's formatting: %d %i %u %x %X %o %c %s %p %f %e %g %%, flags - 0 + space #, width, precision, l/ll/h/z. */
  const format = (m: Uint8Array, fmt: number, va: number): string => {
    const v = dv(m);
    const f = cstr(m, fmt);
    let out = "";
    const arg32 = () => { const x = v.getInt32(va, true); va += 4; return x; };
    // a 64-bit argument as [lo, hi] (hosts without BigInt: embedded bundles)
    const arg64 = () => { va = (va + 7) & ~7; const x = [v.getUint32(va, true), v.getUint32(va + 4, true)]; va += 8; return x; };
    const argF = () => { va = (va + 7) & ~7; const x = v.getFloat64(va, true); va += 8; return x; };
    for (let i = 0; i < f.length; i++) {
      const ch = f[i];
      if (ch !== "%") { out += ch; continue; }
      let flags = "";
      while ("-0+ #".includes(f[i + 1]) && i + 1 < f.length) flags += f[++i];
      let width = 0;
      if (f[i + 1] === "*") { i++; width = arg32(); }
      else while (f[i + 1] >= "0" && f[i + 1] <= "9") width = width * 10 + +f[++i];
      let prec = -1;
      if (f[i + 1] === ".") {
        i++; prec = 0;
        if (f[i + 1] === "*") { i++; prec = arg32(); }
        else while (f[i + 1] >= "0" && f[i + 1] <= "9") prec = prec * 10 + +f[++i];
      }
      let len = "";
      while ("hlzjt".includes(f[i + 1]) && i + 1 < f.length) len += f[++i];
      const conv = f[++i];
      const wide = len === "ll" || len === "j";
      let s: string;
      let numeric = true;
      let sign = "";
      switch (conv) {
        case "d": case "i": {
          const [lo, hi] = wide ? arg64() : [arg32() >>> 0, 0];
          const neg = wide ? hi >= 0x80000000 : (lo | 0) < 0;
          sign = neg ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
          s = wide ? u64(neg ? ~lo >>> 0 : lo, neg ? ~hi >>> 0 : hi, 10, neg) : String(Math.abs(lo | 0));
          break;
        }
        case "u": case "x": case "X": case "o": {
          const [lo, hi] = wide ? arg64() : [arg32() >>> 0, 0];
          s = u64(lo, hi, conv === "u" ? 10 : conv === "o" ? 8 : 16, false);
          if (conv === "X") s = s.toUpperCase();
          if (flags.includes("#") && (lo || hi)) s = (conv === "o" ? "0" : conv === "x" ? "0x" : conv === "X" ? "0X" : "") + s;
          break;
        }
        case "p": s = "0x" + (arg32() >>> 0).toString(16); numeric = false; break;
        case "c": s = String.fromCharCode(arg32() & 255); numeric = false; break;
        case "s": { const p = arg32(); s = p ? cstr(m, p) : "(null)"; if (prec >= 0) s = s.slice(0, prec); numeric = false; break; }
        case "f": case "F": case "e": case "E": case "g": case "G": {
          const x = argF();
          const p = prec < 0 ? 6 : prec;
          sign = x < 0 || Object.is(x, -0) ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
          const a = Math.abs(x);
          if (!isFinite(a)) s = isNaN(a) ? "nan" : "inf";
          else if (conv === "f" || conv === "F") s = a.toFixed(p);
          else if (conv === "e" || conv === "E") s = expo(a.toExponential(p));
          else {
            const P = p === 0 ? 1 : p;
            const e = a === 0 ? 0 : Math.floor(Math.log10(a));
            s = e < -4 || e >= P ? expo(a.toExponential(P - 1)) : a.toFixed(Math.max(0, P - 1 - e));
            if (!flags.includes("#") && s.includes(".")) s = s.replace(/\.?0+(?=e|$)/, "");
          }
          if (conv === "E" || conv === "G" || conv === "F") s = s.toUpperCase();
          prec = -1;
          break;
        }
        case "%": out += "%"; continue;
        default: out += "%" + flags + len + (conv ?? ""); continue;
      }
      if (numeric && prec >= 0 && "diuxXo".includes(conv)) s = s.padStart(prec, "0");
      let body = sign + s;
      if (body.length < width) {
        if (flags.includes("-")) body = body.padEnd(width);
        else if (flags.includes("0") && numeric && prec < 0) body = sign + s.padStart(width - sign.length, "0");
        else body = body.padStart(width);
      }
      out += body;
    }
    return out;
  };
  /** hi:lo (+1 when `plusOne`: the magnitude of a negative number from its complement) in `radix`, exact without BigInt. */
  const u64 = (lo: number, hi: number, radix: number, plusOne: boolean): string => {
    const B = typeof BigInt === "function" ? BigInt : undefined;
    if (B) return ((B(hi) << B(32)) + B(lo) + B(plusOne ? 1 : 0)).toString(radix);
    // long division of the 16-bit digits by radix
    const d = [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff];
    if (plusOne) for (let i = 3; i >= 0; i--) { d[i]++; if (d[i] <= 0xffff) break; d[i] = 0; }
    let out = "";
    while (d[0] || d[1] || d[2] || d[3]) {
      let r = 0;
      for (let i = 0; i < 4; i++) { const x = r * 65536 + d[i]; d[i] = Math.floor(x / radix); r = x % radix; }
      out = r.toString(radix) + out;
    }
    return out || "0";
  };
  const expo = (s: string) => s.replace(/e([+-])(\d)$/, "e$10$2");

  /** Copy `s` (bytes) to `dst` with room for `n` bytes (n < 0: no limit); returns the full length. */
  const put = (m: Uint8Array, dst: number, n: number, s: string) => {
    const b = enc(s);
    const k = n < 0 ? b.length : Math.max(0, Math.min(b.length, n - 1));
    for (let i = 0; i < k; i++) m[dst + i] = b[i];
    if (n !== 0) m[dst + k] = 0;
    return b.length;
  };

  const heapOf = (env: ExecEnv): Heap => {
    let h = heaps.get(env.memory);
    if (!h) { h = { free: [] }; heaps.set(env.memory, h); }
    return h;
  };
  const malloc = (env: ExecEnv, size: number): number => {
    const memory = env.memory;
    if (!memory) return 0;
    const need = ((size >>> 0) + 8 + 7) & ~7;
    const h = heapOf(env);
    for (let i = 0; i < h.free.length; i++) {
      const [a, s] = h.free[i];
      if (s < need) continue;
      if (s - need >= 16) h.free[i] = [a + need, s - need]; else h.free.splice(i, 1);
      const blk = s - need >= 16 ? need : s;
      dv(memory.buffer()).setUint32(a, blk, true);
      return a + 8;
    }
    const end = memory.size;
    const pages = Math.ceil(need / 65536);
    if (memory.grow(pages) < 0) return 0;
    const a = end;
    const total = pages * 65536;
    if (total - need >= 16) h.free.push([a + need, total - need]);
    dv(memory.buffer()).setUint32(a, total - need >= 16 ? need : total, true);
    return a + 8;
  };
  const free = (env: ExecEnv, p: number) => {
    if (!p || !env.memory) return;
    const a = p - 8;
    const s = dv(env.memory.buffer()).getUint32(a, true);
    const h = heapOf(env);
    h.free.push([a, s]);
    // merge neighbours
    h.free.sort((x, y) => x[0] - y[0]);
    for (let i = 0; i + 1 < h.free.length;) {
      if (h.free[i][0] + h.free[i][1] === h.free[i + 1][0]) { h.free[i][1] += h.free[i + 1][1]; h.free.splice(i + 1, 1); } else i++;
    }
  };
  const blockSize = (env: ExecEnv, p: number) => dv(env.memory!.buffer()).getUint32(p - 8, true) - 8;
  const cmp = (m: Uint8Array, a: number, b: number, n: number, stopAtNul: boolean) => {
    for (let i = 0; i < n; i++) {
      const x = m[a + i], y = m[b + i];
      if (x !== y) return x - y;
      if (stopAtNul && x === 0) return 0;
    }
    return 0;
  };

  const n = (name: string, signature: string, fn: (env: ExecEnv, ...args: any[]) => any): NativeSymbol => ({ name, signature, fn });
  return [
    n("printf", "(ii)i", (env, fmt, va) => { const s = format(mem(env), fmt, va); opts.print(s); return enc(s).length; }),
    n("sprintf", "(iii)i", (env, dst, fmt, va) => { const m = mem(env); return put(m, dst, -1, format(m, fmt, va)); }),
    n("snprintf", "(iiii)i", (env, dst, size, fmt, va) => { const m = mem(env); return put(m, dst, size >>> 0, format(m, fmt, va)); }),
    n("vprintf", "(ii)i", (env, fmt, va) => { const s = format(mem(env), fmt, va); opts.print(s); return enc(s).length; }),
    n("puts", "(i)i", (env, p) => { opts.print(cstr(mem(env), p) + "\n"); return 1; }),
    n("putchar", "(i)i", (_env, c) => { opts.print(String.fromCharCode(c & 255)); return c & 255; }),
    n("strlen", "(i)i", (env, p) => strlen(mem(env), p)),
    n("strcmp", "(ii)i", (env, a, b) => cmp(mem(env), a, b, 0x7fffffff, true)),
    n("strncmp", "(iii)i", (env, a, b, k) => cmp(mem(env), a, b, k >>> 0, true)),
    n("strcpy", "(ii)i", (env, d, s) => { const m = mem(env); m.copyWithin(d, s, s + strlen(m, s) + 1); return d; }),
    n("strncpy", "(iii)i", (env, d, s, k) => { const m = mem(env); const l = Math.min(strlen(m, s), k >>> 0); m.copyWithin(d, s, s + l); m.fill(0, d + l, d + (k >>> 0)); return d; }),
    n("strchr", "(ii)i", (env, p, c) => { const m = mem(env); c &= 255; for (let i = p; ; i++) { if (m[i] === c) return i; if (!m[i]) return 0; } }),
    n("memcpy", "(iii)i", (env, d, s, k) => { mem(env).copyWithin(d, s, s + (k >>> 0)); return d; }),
    n("memmove", "(iii)i", (env, d, s, k) => { mem(env).copyWithin(d, s, s + (k >>> 0)); return d; }),
    n("memset", "(iii)i", (env, d, c, k) => { mem(env).fill(c & 255, d, d + (k >>> 0)); return d; }),
    n("memcmp", "(iii)i", (env, a, b, k) => cmp(mem(env), a, b, k >>> 0, false)),
    n("malloc", "(i)i", (env, size) => malloc(env, size)),
    n("calloc", "(ii)i", (env, k, size) => { const t = (k >>> 0) * (size >>> 0); const p = malloc(env, t); if (p) mem(env).fill(0, p, p + t); return p; }),
    n("realloc", "(ii)i", (env, p, size) => {
      if (!p) return malloc(env, size);
      const old = blockSize(env, p);
      if ((size >>> 0) <= old) return p;
      const q = malloc(env, size);
      if (!q) return 0;
      mem(env).copyWithin(q, p, p + old);
      free(env, p);
      return q;
    }),
    n("free", "(i)", (env, p) => free(env, p)),
    n("atoi", "(i)i", (env, p) => { const s = cstr(mem(env), p); const x = parseInt(s.trim(), 10); return isNaN(x) ? 0 : x | 0; }),
    n("abort", "()", () => { throw new LibcExit(134, "abort"); }),
    n("exit", "(i)", (_env, code) => { throw new LibcExit(code, `exit(${code})`); }),
  ];
}
