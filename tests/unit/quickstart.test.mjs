// The README's quick start, as a user types it: `npx iwasm-ts ...` from the
// repository root (needs the build to leave the package's commands executable).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

test("the package's commands are executable", () => {
  const { bin } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  for (const [name, file] of Object.entries(bin)) {
    assert.not.throws(() => fs.accessSync(path.join(root, file), fs.constants.X_OK), `${name} (${file}) is not executable`);
  }
});

test("npx iwasm-ts runs the quick-start example", () => {
  const r = spawnSync("npx", ["iwasm-ts", "--dir=examples", "examples/c/wc.wasm", "examples/data/sample.txt"], { cwd: root, encoding: "utf8", timeout: 60000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "      75      703     4037 efbffa4c examples/data/sample.txt\n");
});

test.run();
