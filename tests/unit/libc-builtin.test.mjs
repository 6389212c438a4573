// LIBC_BUILTIN (platforms/common/libc-builtin.ts): WAMR's libc subset as
// native symbols under "env", run by a C program built without a libc
// (tests/fixtures/libc-builtin/hello-libc.c); its output is glibc's for the
// same source (checked when it was written: clang-16 -O2 natively, diffed).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Runtime } from "../../dist/core/runtime.js";
import { libcBuiltin, LibcExit } from "../../dist/platforms/common/libc-builtin.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wasm = readFileSync(join(root, "tests/fixtures/libc-builtin/hello-libc.wasm"));
const EXPECTED = `hello from libc-builtin
-42 7 3000000000 ff FF 10 A str|   12|12   |00012|abc|%
-1234567890123 18446744073709551615 3.14 1.234568e+04 0.0001 1e+20
sprintf 6 [x:99] strlen 6
snprintf 9 trun
strcmp 1 1 0 strncmp 0
memmove ccopy memcmp 0
malloc 99 calloc zeros 10 realloc keeps 1
reuse 1 atoi -123
ok
`;

async function run(core, withoutBigInt = false) {
  const rt = await Runtime.create({ core });
  let out = "";
  rt.registerNatives("env", libcBuiltin({ print: (s) => (out += s) }));
  const inst = rt.instantiate(rt.load(wasm), {});
  const pagesBefore = inst.memory.pages;
  const saved = globalThis.BigInt;
  if (withoutBigInt) globalThis.BigInt = undefined;
  let r;
  try { r = inst.call("main", 0, 0); } finally { globalThis.BigInt = saved; }
  return { r, out, grown: inst.memory.pages - pagesBefore };
}

for (const core of ["wasm", "js"]) {
  test(`hello-libc.wasm on core ${core}: printf/sprintf/snprintf, string and memory functions, malloc/calloc/realloc/free growing memory`, async () => {
    const { r, out, grown } = await run(core);
    assert.is(r, 0);
    assert.fixture(out, EXPECTED);
    assert.ok(grown >= 4, `memory grew by ${grown} pages`); // realloc to 200000 bytes
  });
}

test("%lld/%llu without BigInt (embedded hosts) give the same digits", async () => {
  const { out } = await run("js", true);
  assert.fixture(out, EXPECTED);
});

test("abort and exit end the program with LibcExit", async () => {
  const rt = await Runtime.create({});
  const natives = libcBuiltin({ print() {} });
  const abort = natives.find((n) => n.name === "abort");
  assert.throws(() => abort.fn({ instance: undefined, memory: undefined }), (e) => e instanceof LibcExit && e.code === 134);
  assert.ok(rt);
});

test.run();
