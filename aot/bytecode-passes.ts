/**
 * Binaryen's part of the bytecode target (wamrc-ts --target=bytecode): the
 * passes that help the fast interpreter's translator most, and the
 * translation level the target uses.
 *
 * The bytecode target optimizes the module with Binaryen's default pipeline
 * at wamrc's --opt-level/--size-level (compile.ts `optimize`: Binaryen's
 * pipeline, then at --opt-level 2 and above, --size-level 0, recursive
 * inlining, inline-recursion.ts; as the js target), then runs `bytecodePasses(optLevel, sizeLevel)` (`mod.runPasses`), then
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
