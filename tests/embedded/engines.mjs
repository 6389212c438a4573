/**
 * Run a module through an embedded bundle (build/<preset>/embedded*.js) on a
 * JavaScript engine without WebAssembly, the way a board would: the bundle is
 * loaded as a script and `WamrTs.run(host, name, options)` runs the module.
 *
 *   runJitless(bundle, wasm, args, env)   node --jitless (V8 without WebAssembly)
 *   runQuickJS(bundle, wasm, args, env)   QuickJS (npm quickjs-emscripten), 64 MiB memory limit
 *
 * Each returns { out, code }: the program's output and its exit status.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export function runJitless(bundle, wasm, args = [], env = {}) {
  const r = spawnSync(process.execPath, ["--jitless", "--no-warnings", join(here, "jitless-host.cjs"), bundle, wasm, JSON.stringify(args), JSON.stringify(env)], { encoding: "utf8" });
  const m = /\nexit (\d+)\n?$/.exec("\n" + r.stdout);
  return { out: m ? r.stdout.slice(0, r.stdout.length - m[0].length + 1) : r.stdout + r.stderr, code: m ? +m[1] : -1 };
}

export async function runQuickJS(bundle, wasm, args = [], env = {}) {
  const { getQuickJS } = await import("quickjs-emscripten");
  const QJS = await getQuickJS();
  const rt = QJS.newRuntime();
  rt.setMemoryLimit(64 << 20);
  rt.setMaxStackSize(1 << 20);
  const vm = rt.newContext();
  let out = "";
  try {
    const print = vm.newFunction("print", (s) => { out += vm.getString(s); });
    vm.setProp(vm.global, "__print", print);
    print.dispose();
    const bytes = readFileSync(wasm);
    const ab = vm.newArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    vm.setProp(vm.global, "__module", ab);
    ab.dispose();
    let r = vm.evalCode(readFileSync(bundle, "utf8"), basename(bundle));
    if (r.error) { const e = vm.dump(r.error); r.error.dispose(); return { out: `load error: ${JSON.stringify(e)}`, code: -1 }; }
    r.dispose();
    const name = basename(wasm);
    r = vm.evalCode(`WamrTs.run({ readModule: function () { return new Uint8Array(__module); }, print: __print, now: function () { return Date.now(); } }, ${JSON.stringify(name)}, { args: ${JSON.stringify([name, ...args])}, env: ${JSON.stringify(env)} })`);
    if (r.error) { const e = vm.dump(r.error); r.error.dispose(); return { out: out + `run error: ${JSON.stringify(e)}`, code: -1 }; }
    const code = vm.dump(r.value);
    r.dispose();
    return { out, code };
  } finally {
    vm.dispose();
    rt.dispose();
  }
}
