/**
 * The core loader for Node: reads a build of the core from disk. Other hosts
 * pass their own `loadCore` to Runtime.create / Runtime.createSync (see
 * platforms/common/host.ts); nothing else in core/ depends on Node.
 *
 *   const rt = await Runtime.create({ loadCore: nodeCoreLoader({ build: "js", dir: "build/minimal" }) });
 */
import type { CoreLoader } from "./runtime.js";

const compiled = new Map<string, Promise<WebAssembly.Module>>();

/**
 * A loader of the core in `dir` (default: the package's build/ folder, or
 * $WAMR_TS_BUILD_DIR): `core.wasm` when `build` is "wasm", else `core.mjs`.
 */
export function nodeCoreLoader(opts: { build?: "wasm" | "js"; dir?: string } = {}): CoreLoader {
  return (imports) => loadCoreNode(opts.build ?? (typeof WebAssembly === "object" ? "wasm" : "js"), imports, opts.dir);
}

export async function loadCoreNode(build: "wasm" | "js", imports: object, dir?: string): Promise<any> {
  return (await preloadCore({ build, dir }))(imports as any);
}

/**
 * A synchronous core loader, for Runtime.createSync and the module manager's
 * installSync: reads (and for "wasm" compiles) the core in `dir` once now,
 * then each call instantiates it without waiting. Same options as
 * nodeCoreLoader.
 *
 *   const mgr = new ModuleManager({ loadCore: await preloadCore() });
 *   mgr.installSync("blink", bytes);
 */
export async function preloadCore(opts: { build?: "wasm" | "js"; dir?: string } = {}): Promise<CoreLoader> {
  const build = opts.build ?? (typeof WebAssembly === "object" ? "wasm" : "js");
  const { fileURLToPath, pathToFileURL } = await import("node:url");
  const { join, dirname, resolve } = await import("node:path");
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const d = resolve(root, opts.dir ?? process.env.WAMR_TS_BUILD_DIR ?? "build");
  if (build === "wasm") {
    const file = join(d, "core.wasm");
    let m = compiled.get(file);
    if (!m) {
      const { readFile } = await import("node:fs/promises");
      m = readFile(file).then((b) => WebAssembly.compile(b));
      compiled.set(file, m);
    }
    const module = await m;
    return (imports) => new WebAssembly.Instance(module, { env: imports as any }).exports;
  }
  const mod = await import(pathToFileURL(join(d, "core.mjs")).href);
  return (imports) => mod.createCore(imports);
}
