/**
 * Binaryen's part of the bytecode target (wamrc-ts --target=bytecode): the
 * passes that help the fast interpreter's translator most, and the
 * translation level the target uses.
 *
 * The bytecode target optimizes the module with Binaryen's default pipeline
 * at wamrc's --opt-level/--size-level (`mod.optimize()`, as the js target),
 * then (at --opt-level 2 and above, --size-level 0) `inlineRecursion`,
 * then runs `bytecodePasses(optLevel, sizeLevel)` (`mod.runPasses`), then
 * translates it with the core's translator at BYTECODE_TRANSLATE_OPT
 * (interp-fast/assembly/translate.ts `translateModule(m, level)`, the core
 * export `wt_set_translate_opt`). How the list was chosen (bench/, engine
 * `wamr-fast-aot`): docs/fast-code-format.md, "Optimization levels".
 *
 * Passes that assume things the spec does not guarantee are left out:
 * `optimize-added-constants(-propagate)` folds `x + K` into a load's offset,
 * which is only right when `x + K` cannot wrap (Binaryen requires
 * --low-memory-unused for it); the translator's `_ai` loads do that fold
 * exactly instead.
 */
import type binaryenNs from "binaryen";

type B = typeof binaryenNs;

/** Translation level of .aot bytecode: the fast interpreter's highest (translate.ts TRANSLATE_OPT_MAX). */
export const BYTECODE_TRANSLATE_OPT = 1;

/**
 * Passes to run (`mod.runPasses`) after Binaryen's default pipeline for the
 * bytecode target, at wamrc's --opt-level (0-3) and --size-level (0-2).
 *
 * Empty today, by measurement (the bench/ programs at quick scale, level-1
 * translation, interleaved, 3 repetitions, busy machine, 2026-11-21;
 * t(-O3) / t(variant), median over programs): re-running the local passes
 * after -O3 (precompute-propagate, simplify-locals, coalesce-locals,
 * merge-locals, vacuum) 0.97; the whole -O3 pipeline twice 0.94; raising
 * inlining (always 6, flexible 60, functions with loops) about 1.0 with
 * json 0.74. Binaryen's -O3 itself helps: 1.08 at level 0 against the
 * module as built. A pass that helps goes here, so wamrc-ts and the bench
 * engine wamr-fast-aot use the same list.
 */
export function bytecodePasses(optLevel: number, sizeLevel: number): string[] {
  void optLevel;
  void sizeLevel;
  return [];
}

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
 * into. Run after Binaryen's pipeline (compile-bytecode.ts `optimizeWasm`), at
 * --opt-level 2 and above with --size-level 0.
 *
 * Observable differences are those of any inlining: a trap inside an inlined
 * body has one frame fewer in its backtrace, the call depth that exhausts the
 * stack is different, and metering counts the optimized module's instructions,
 * as it does for all of Binaryen's output. A function qualifies only when its
 * body has nothing but the MVP's scalar, memory and control expressions (no
 * `return_call`, exceptions or reference types), at most
 * RECURSION_INLINE_MAX_NODES nodes and RECURSION_INLINE_MAX_CALLS self-calls.
 * Measured: docs/performance.md (session 6). Returns the functions unrolled.
 */
export function inlineRecursion(b: B, mod: binaryenNs.Module): string[] {
  const kids = new Map<number, string[]>([
    [b.BlockId, ["children"]], [b.IfId, ["condition", "ifTrue", "ifFalse"]], [b.LoopId, ["body"]],
    [b.BreakId, ["condition", "value"]], [b.SwitchId, ["condition", "value"]], [b.CallId, ["operands"]],
    [b.CallIndirectId, ["target", "operands"]], [b.LocalGetId, []], [b.LocalSetId, ["value"]], [b.GlobalGetId, []],
    [b.GlobalSetId, ["value"]], [b.LoadId, ["ptr"]], [b.StoreId, ["ptr", "value"]], [b.ConstId, []], [b.UnaryId, ["value"]],
    [b.BinaryId, ["left", "right"]], [b.SelectId, ["ifTrue", "ifFalse", "condition"]], [b.DropId, ["value"]],
    [b.ReturnId, ["value"]], [b.NopId, []], [b.UnreachableId, []], [b.MemorySizeId, []], [b.MemoryGrowId, ["delta"]],
  ]);
  /** The self-calls of `self` in `expr` (appended to `calls`) and the node count, or -1 when it does not qualify. */
  const scan = (expr: number, self: string, calls: number[]): number => {
    const id = b.getExpressionId(expr);
    const names = kids.get(id);
    if (!names || id === b.LoopId) return -1;
    if (!names.length) return 1; // (getExpressionInfo has no form for nop and unreachable)
    const info = b.getExpressionInfo(expr) as unknown as Record<string, number | number[] | string | boolean>;
    if (id === b.CallId) {
      if (info.isReturn) return -1;
      if (info.target === self) calls.push(expr);
    }
    let n = 1;
    for (const k of names) {
      const v = info[k];
      for (const c of (Array.isArray(v) ? v : [v]) as number[]) {
        if (!c) continue;
        const m = scan(c, self, calls);
        if (m < 0 || (n += m) > RECURSION_INLINE_MAX_NODES) return -1;
      }
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
