// A host for embedded bundles on `node --jitless` (no WebAssembly): loads the
// bundle as a plain script, then runs a module through WamrTs.run.
// Usage: node --jitless jitless-host.cjs BUNDLE MODULE.wasm ARGS_JSON ENV_JSON
const fs = require("fs");
const vm = require("vm");
const path = require("path");
const [bundle, wasm, argsJson, envJson] = process.argv.slice(2);
if (typeof WebAssembly !== "undefined") { console.error("expected a host without WebAssembly (run with --jitless)"); process.exit(3); }
vm.runInThisContext(fs.readFileSync(bundle, "utf8"), { filename: bundle });
const name = path.basename(wasm);
const host = {
  readModule: () => new Uint8Array(fs.readFileSync(wasm)),
  print: (s) => process.stdout.write(s),
  printErr: (s) => process.stderr.write(s),
  now: () => Date.now(),
};
const code = WamrTs.run(host, name, { args: [name, ...JSON.parse(argsJson)], env: JSON.parse(envJson) });
process.stdout.write(`exit ${code}\n`);
