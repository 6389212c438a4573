#!/usr/bin/env node
/**
 * The one definition of the core's coded error messages: errors the core
 * reports as a message number plus three u32 arguments instead of a string,
 * with the text on the host side (core/runtime.ts formats them). The core
 * then carries no text for them (AssemblyScript stores a string literal as
 * UTF-16 with a 20-byte header): the runtime's traps, link and resource
 * errors, and the AoT payload loader's field names and messages (in the
 * aot-only build about 8 KB). The decoder's and validator's messages stay strings.
 *
 * Generates (node core/messages.mjs [--check]; --check: exit 1 when stale,
 * tests/unit/aot-bytecode.test.mjs runs it; build-config/build.mjs runs it
 * before building the core):
 *   core/assembly/messages.generated.ts  `Msg` and `Field` (const enums) for the core,
 *                                        fieldName (for the serializer's field trace)
 *   core/messages.generated.ts           MESSAGES for the host (the runtime's)
 *   core/aot-messages.generated.ts       AOT_MESSAGES and FIELDS for the host (the AoT loader's)
 *
 * A message's text: `{i}` is argument i (0..2) in decimal, `{i:x}` in
 * hexadecimal, `{i:f}` the name of the AoT payload field whose number is argument i (FIELDS).
 * Message 0 is "no coded message" (the core's error is a string then).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BY_NAME } from "../build-config/features.mjs";

/**
 * Fields of the AoT bytecode payload (core/assembly/aot-bytecode.ts `walk`;
 * the names docs/aot-format.md lists, checked against the serializer's
 * trace by tests/unit/aot-bytecode.test.mjs). Field 0 is the unnamed length
 * of a `bytes` field; "padding" is the zero padding after one.
 */
export const FIELDS = [
  "", "padding", "magic", "codeVersion",
  "types.count", "types[].params", "types[].results",
  "imports.count", "imports[].module", "imports[].name", "imports[].kind", "imports[].func.type",
  "imports[].table.elemType", "imports[].table.min", "imports[].table.max",
  "imports[].memory.min", "imports[].memory.max",
  "imports[].global.valType", "imports[].global.mutable",
  "functions.count", "functions[].type",
  "tables.count", "tables[].elemType", "tables[].min", "tables[].max",
  "memories.count", "memories[].min", "memories[].max",
  "globals.count", "globals[].valType", "globals[].mutable", "globals[].init",
  "exports.count", "exports[].name", "exports[].kind", "exports[].index", "start",
  "elements.count", "elements[].mode", "elements[].table", "elements[].offset", "elements[].elemType",
  "elements[].form", "elements[].items", "elements[].items[].func", "elements[].items[].expr",
  "data.count", "data[].mode", "data[].memory", "data[].offset", "data[].bytes",
  "names.count", "names[].index", "names[].name",
  "code.count", "code[].locals", "code[].frameSize", "code[].gcache.count", "code[].gcache[]", "code[].code",
];

/** Malformed AoT payloads (core/assembly/aot-bytecode.ts; the error's offset is the byte offset in the payload). */
const AOT = {
  Truncated: "truncated: {0:f} runs past the end",
  OutOfRange: "{0:f} {1} out of range (limit {2})",
  CountTooBig: "{0:f} {1} exceeds the payload",
  BadValType: "{0:f}: bad value type 0x{1:x}",
  BadUtf8: "{0:f}: malformed UTF-8",
  ExprIndex: "{0:f}: index out of range",
  ExprAfterEnd: "{0:f}: bytes after end",
  ExprNotConst: "{0:f}: not a constant instruction 0x{1:x}",
  ExprTruncated: "{0:f}: truncated instruction",
  ExprNoEnd: "{0:f}: missing end",
  BadMagic: "bad magic (not a bytecode payload)",
  BadVersion: "fast-interpreter code format version {0}, this core runs version {1} (recompile with a matching wamrc-ts)",
  BadImportKind: "bad import kind {0}",
  BadExportKind: "bad export kind {0}",
  BadSegMode: "bad segment mode",
  NoOffset: "active segment without offset",
  EmptyElemExpr: "empty element expression",
  CodeCount: "code.count {0} differs from functions.count {1}",
  TrailingBytes: "{0} bytes after the last field",
  // per function, {0}: the code section's functions counted from 0 (GcacheRange .. EmptyCode), the function index space (the verifier's)
  GcacheRange: "function {0}: global cache entry out of range",
  FewLocals: "function {0}: fewer locals than parameters",
  FrameSize: "function {0}: frame size {1} out of range",
  EmptyCode: "function {0}: empty code",
  PastEnd: "function {0}: instruction runs past the end of the code",
  UnknownOp: "function {0}: unknown opcode {1}",
  NoMemory: "function {0}: memory instruction in a module without memory",
  SlotOutside: "function {0}: slot operand {1} outside the frame of {2} bytes",
  ArgsOutside: "function {0}: argument slot {1} outside the frame of {2} bytes",
  IndexRange: "function {0}: index {1} out of range",
  FallsThrough: "function {0}: the code does not end with a return or an unconditional branch",
  BadTarget: "function {0}: branch target outside the function or not on an instruction",
};

/**
 * The runtime's errors (core/assembly/store.ts, index.ts, both interpreters):
 * traps with the spec's texts (spec test `assert_trap` messages), link and
 * resource errors, and the "not built in" texts of build-config/features.mjs.
 */
const RUNTIME = {
  Unreachable: "unreachable",
  OobMemory: "out of bounds memory access",
  OobTable: "out of bounds table access",
  UndefinedElement: "undefined element",
  UninitializedElement: "uninitialized element {0}",
  IndirectCallType: "indirect call type mismatch",
  DivByZero: "integer divide by zero",
  IntOverflow: "integer overflow",
  InvalidConversion: "invalid conversion to integer",
  IllegalOpcode: "illegal opcode",
  FuelExhausted: "instruction limit exceeded",
  Suspended: "suspended: instruction limit reached",
  NothingToResume: "nothing to resume",
  AnotherSuspended: "another invocation is suspended; resume or abandon it first",
  CallStackExhausted: "call stack exhausted",
  HostRaised: "host function raised",
  UnknownImport: "unknown import",
  IncompatibleImport: "incompatible import type",
  MalformedSignature: "malformed signature",
  TableTooBig: "table size {0} exceeds the runtime limit of {1}",
  MemoryTooBig: "memory size {0} exceeds the runtime limit of {1}",
  AotOnFast: "AoT bytecode modules run on the fast interpreter",
  ClassicNotBuiltIn: BY_NAME.CLASSIC_INTERP.notBuiltIn,
  FastNotBuiltIn: BY_NAME.FAST_INTERP.notBuiltIn,
  MeteringNotBuiltIn: BY_NAME.INSTRUCTION_METERING.notBuiltIn,
  WasmLoaderNotBuiltIn: BY_NAME.WASM_LOADER.notBuiltIn,
};

/** Every coded message: [name, text]; its number is its position + 1. */
export const MESSAGES = [
  ...Object.entries(RUNTIME),
  ...Object.entries(AOT).map(([k, v]) => ["Aot" + k, "AoT payload: " + v]),
];

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const HEAD = "// Generated by core/messages.mjs from its MESSAGES and FIELDS: do not edit.\n";
/** A field's enum name: "imports[].table.min" -> ImportsTableMin. */
const ident = (s) => s.replace(/\[\]/g, "").replace(/(^|\.)(\w)/g, (_, d, c) => c.toUpperCase());
if (new Set(FIELDS.map(ident)).size !== FIELDS.length) throw new Error("core/messages.mjs: two fields with one enum name");

function coreFile() {
  return HEAD + `/** Coded error messages (setErrorCode, core/assembly/errors.ts); the text is the host's. */
export const enum Msg {
  None = 0,
${MESSAGES.map(([n, t], i) => `  /** ${t} */\n  ${n} = ${i + 1},`).join("\n")}
}

/** Fields of the AoT bytecode payload (the i:f arguments of the Aot messages; the serializer's trace). */
export const enum Field {
${FIELDS.map((f, i) => `  ${i === 0 ? "None" : ident(f)} = ${i},${f ? ` // ${f}` : ""}`).join("\n")}
}

/**
 * The name of field \`f\`, for the serializer's trace (a function, not a static
 * array: builds without WASM_LOADER never call it, and so carry none of the names).
 */
export function fieldName(f: Field): string {
  switch (f) {
${FIELDS.map((f) => `    case Field.${f ? ident(f) : "None"}: return ${JSON.stringify(f)};`).join("\n")}
  }
  return "";
}
`;
}

/** The runtime's messages come first: numbers 1 .. RUNTIME_COUNT. */
const RUNTIME_COUNT = Object.keys(RUNTIME).length;

function hostFile() {
  return HEAD + `/** Texts of the runtime's coded error messages, by message number - 1 (see core/messages.mjs for the placeholders); the AoT loader's follow (aot-messages.generated.ts). */
export const MESSAGES: readonly string[] = ${JSON.stringify(MESSAGES.slice(0, RUNTIME_COUNT).map((m) => m[1]), null, 2)};
`;
}

/** The AoT loader's texts in a module of their own: bundles of builds without AOT_LOADER replace it with empty lists (build-config/build-preset.mjs). */
function hostAotFile() {
  return HEAD + `/** Texts of the AoT loader's coded error messages, by message number - 1 - MESSAGES.length (messages.generated.ts). */
export const AOT_MESSAGES: readonly string[] = ${JSON.stringify(MESSAGES.slice(RUNTIME_COUNT).map((m) => m[1]), null, 2)};

/** AoT payload field names, by field number. */
export const FIELDS: readonly string[] = ${JSON.stringify(FIELDS)};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outs = [
    [join(root, "core", "assembly", "messages.generated.ts"), coreFile()],
    [join(root, "core", "messages.generated.ts"), hostFile()],
    [join(root, "core", "aot-messages.generated.ts"), hostAotFile()],
  ];
  const check = process.argv.includes("--check");
  let stale = false;
  for (const [file, text] of outs) {
    let old = "";
    try { old = readFileSync(file, "utf8"); } catch {}
    if (old === text) continue;
    if (check) { console.error(`${file} is stale: run node core/messages.mjs`); stale = true; } else writeFileSync(file, text);
  }
  process.exit(stale ? 1 : 0);
}
