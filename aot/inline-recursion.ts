/**
 * Recursive inlining for both wamrc-ts targets (compile.ts `optimize`): a
 * Binaryen IR pass of our own, run after Binaryen's pipeline.
 */
import type binaryenNs from "binaryen";
import { knownChildren } from "./ranges.js";

type B = typeof binaryenNs;

/** Largest function (Binaryen expression nodes) that `inlineRecursion` unrolls, and most self-calls. */
export const RECURSION_INLINE_MAX_NODES = 60;
export const RECURSION_INLINE_MAX_CALLS = 4;

/**
 * Recursive inlining, as GCC's (`max-inline-insns-recursive`): each small
 * loop-free function that calls itself directly gets its own body inlined,
 * once, at each of its self-calls, so it makes about half the calls it made
 * (fib, ackermann, tak: one call in two is the interpreter's most expensive
 * instruction pair, call and return). Binaryen inlines no recursive function;
 * here every self-call gets a clone of the function (which calls the
 * original), each clone with one caller, and Binaryen's `inlining-optimizing`
 * inlines those (its single-caller rule, unlimited by default; its other size rules are set to 0 meanwhile
 * so that nothing else is inlined) and optimizes the functions it inlined
 * into. Run after Binaryen's pipeline (compile.ts `optimize`, for both
 * targets), at --opt-level 2 and above with --size-level 0.
 *
 * Observable differences are those of any inlining: a trap inside an inlined
 * body has one frame fewer in its backtrace, the call depth that exhausts the
 * stack is different, and metering counts the optimized module's instructions,
 * as it does for all of Binaryen's output. A function qualifies only when its
 * body has no loop, no `return_call` and only the expression kinds that
 * ranges.ts `knownChildren` follows (scalar, memory and control ones: no
 * table, exception or tuple instructions), at most
 * RECURSION_INLINE_MAX_NODES nodes and RECURSION_INLINE_MAX_CALLS self-calls.
 * Measured: docs/performance.md (session 6). Returns the functions unrolled.
 */
export function inlineRecursion(b: B, mod: binaryenNs.Module): string[] {
  /** The self-calls of `self` in `expr` (appended to `calls`) and the node count, or -1 when it does not qualify. */
  const scan = (expr: number, self: string, calls: number[]): number => {
    const id = b.getExpressionId(expr);
    const cs = id === b.LoopId ? null : knownChildren(b, expr);
    if (!cs) return -1;
    if (id === b.CallId) {
      const info = b.getExpressionInfo(expr) as unknown as { isReturn: boolean; target: string };
      if (info.isReturn) return -1;
      if (info.target === self) calls.push(expr);
    }
    let n = 1;
    for (const c of cs) {
      if (!c) continue;
      const m = scan(c, self, calls);
      if (m < 0 || (n += m) > RECURSION_INLINE_MAX_NODES) return -1;
    }
    return n;
  };
  const unrolled: string[] = [];
  for (let i = 0, n = mod.getNumFunctions(); i < n; i++) {
    const f = b.getFunctionInfo(mod.getFunctionByIndex(i));
    if (f.module) continue; // imported
    const calls: number[] = [];
    if (scan(f.body, f.name, calls) < 0 || !calls.length || calls.length > RECURSION_INLINE_MAX_CALLS) continue;
    const clones = calls.map((_, k) => `${f.name}$inline${k}`);
    if (clones.some((c) => mod.getFunction(c))) continue;
    const bodies = calls.map(() => mod.copyExpression(f.body)); // before retargeting: the clones call f
    // (binaryen.js has the Call expression class; its index.d.ts does not declare it)
    const Call = (b as unknown as { Call: { setTarget(expr: number, target: string): void } }).Call;
    calls.forEach((c, k) => Call.setTarget(c, clones[k]));
    bodies.forEach((body, k) => mod.addFunction(clones[k], f.params, f.results, f.vars, body));
    unrolled.push(f.name);
  }
  if (unrolled.length) {
    const always = b.getAlwaysInlineMaxSize(), flexible = b.getFlexibleInlineMaxSize();
    b.setAlwaysInlineMaxSize(0);
    b.setFlexibleInlineMaxSize(0);
    try {
      mod.runPasses(["inlining-optimizing"]);
    } finally {
      b.setAlwaysInlineMaxSize(always);
      b.setFlexibleInlineMaxSize(flexible);
    }
  }
  return unrolled;
}
