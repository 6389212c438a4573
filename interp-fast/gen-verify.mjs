#!/usr/bin/env node
/**
 * Generates core/assembly/aot-verify.generated.ts from interp-fast/format.mjs
 * (the one definition of the fast interpreter's code format): for every
 * opcode, what the AoT loader's code verifier (core/assembly/aot-bytecode.ts)
 * checks of its operands, as two compact static tables: a row index per
 * opcode (u8, verifyRowOf), and the distinct rows (verifyRows; many opcodes
 * share one), VERIFY_STRIDE bytes each: a flags byte, then one 4-bit operand
 * kind (VK, below) per operand, low nibble first, VK.End after the last when
 * fewer than the widest:
 *   flags  1 the instruction accesses linear memory; 2 it never falls through;
 *          bits 2-7: where its branch targets count from, in 16-bit units after
 *          its opcode (a pair's second instruction; 0 otherwise)
 *
 * Usage: node interp-fast/gen-verify.mjs [--check]   (--check: exit 1 when the file is stale;
 * tests/unit/aot-bytecode.test.mjs runs it). build-config/build.mjs runs it
 * before building the core, so a change to format.mjs carries over; the core
 * refuses to compile with a table of another FORMAT_VERSION.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FORMAT_VERSION, OPS, fixedSize } from "./format.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(root, "core", "assembly", "aot-verify.generated.ts");
/** Operand kinds of the verifier, by their 4-bit code (0 ends a row). */
const VK = [
  ["End", "no more operands"],
  ["Slot", "slot operand (s): 8-aligned, inside the frame; after a Count, that many slots"],
  ["Dst", "destination slot (d): 8-aligned, inside the frame"],
  ["Args", "a call's argument slots: 8-aligned, at most the frame's end (the callee's frame starts there)"],
  ["Charge", "16-bit instruction charge (c), not checked"],
  ["Imm32", "32-bit immediate, memory offset or constant address (i32, u32), not checked"],
  ["Imm64", "64-bit immediate (i64), not checked"],
  ["Target", "branch target (t): an instruction of the function"],
  ["Count", "u32 count (n): of the slots or targets that follow"],
  ["Targets", "count + 1 branch targets (t*)"],
  ["Func", "u32 function index"],
  ["Type", "u32 type index"],
  ["Global", "u32 global index"],
  ["Table", "u32 table index"],
  ["Data", "u32 data segment index"],
  ["Elem", "u32 element segment index"],
];
const code = Object.fromEntries(VK.map(([n], i) => [n, i]));
if (VK.length > 16) throw new Error("gen-verify: more than 16 operand kinds do not fit a nibble");
/** Bytes per opcode: the flags byte and a nibble per operand of the widest instruction. */
const STRIDE = 1 + Math.ceil(Math.max(...OPS.map((o) => o.ops.length)) / 2);

const MEMORY_KINDS = new Set(["load", "store", "loadai", "loadk", "storek", "fm"]);
const NO_FALLTHROUGH = new Set(["unreachable", "br", "br_table", "return0", "return1", "return_n"]);
const DATA_SEG_OPS = new Set(["memory_init", "data_drop"]);

/** Superinstructions (gen.kind "pair") are their two components x and y, operands prefixed x_/y_. */
const isMemory = (op) => op.gen?.kind === "pair" ? isMemory(op.gen.x) || isMemory(op.gen.y) :
  MEMORY_KINDS.has(op.gen?.kind) || op.name.startsWith("memory_") || op.ops.some((x) => /^(offset|addr):u32$/.test(x));
const neverFallsThrough = (op) => op.gen?.kind === "pair" ? neverFallsThrough(op.gen.y) : NO_FALLTHROUGH.has(op.name);

function letter(op, name, kind) {
  if (op.gen?.kind === "pair" && /^[xy]_/.test(name)) return letter(op.gen[name[0]], name.slice(2), kind);
  switch (kind) {
    case "s": return name === "args" ? code.Args : code.Slot;
    case "d": return code.Dst;
    case "t": return code.Target;
    case "n": return code.Count;
    case "c": return code.Charge;
    case "i32": return code.Imm32;
    case "i64": return code.Imm64;
    case "t*": return code.Targets;
    case "u32":
      switch (name) {
        case "func": return code.Func;
        case "type": return code.Type;
        case "global": return code.Global;
        case "table": case "dst_table": case "src_table": return code.Table;
        case "seg": return DATA_SEG_OPS.has(op.name) ? code.Data : code.Elem;
        case "offset": case "addr": return code.Imm32;
      }
  }
  throw new Error(`gen-verify: ${op.name}: no verifier rule for operand ${name}:${kind} (add one here)`);
}

const rows = []; // distinct rows, as "b0,b1,..." keys
const rowOf = []; // row index per opcode
for (const op of OPS) {
  // a pair's branch targets are relative to its second instruction's virtual opcode (format.mjs, "Pair superinstructions")
  const base = op.gen?.kind === "pair" ? fixedSize(op.gen.x) - 2 : 0;
  if (base % 2 || base / 2 > 63) throw new Error(`gen-verify: ${op.name}: target base ${base} does not fit the flags byte`);
  const flags = (isMemory(op) ? 1 : 0) | (neverFallsThrough(op) ? 2 : 0) | ((base / 2) << 2);
  const kinds = op.ops.map((a) => { const [name, kind] = a.split(":"); return letter(op, name, kind); });
  const row = [flags];
  for (let i = 0; i < (STRIDE - 1) * 2; i += 2) row.push((kinds[i] ?? 0) | ((kinds[i + 1] ?? 0) << 4));
  const key = row.join(", ");
  if (!rows.includes(key)) rows.push(key);
  rowOf.push(rows.indexOf(key));
}
if (rows.length > 256) throw new Error("gen-verify: more than 256 distinct rows do not fit a u8 index");

const L = [];
L.push("// Generated by interp-fast/gen-verify.mjs from interp-fast/format.mjs. Do not edit.");
L.push("// What the AoT loader's code verifier checks of each opcode's operands (see the generator).");
L.push("");
L.push("/** The code format version this table describes (format.mjs FORMAT_VERSION). */");
L.push(`export const VERIFY_FORMAT_VERSION: i32 = ${FORMAT_VERSION};`);
L.push(`export const VERIFY_OPS: i32 = ${OPS.length};`);
L.push(`export const VERIFY_STRIDE: i32 = ${STRIDE};`);
L.push(`export const VERIFY_ROWS: i32 = ${rows.length};`);
L.push("/** Operand kinds (4 bits each in the table). */");
L.push("export const enum VK {");
VK.forEach(([n, doc], i) => L.push(`  /** ${doc} */\n  ${n} = ${i},`));
L.push("}");
L.push("/** Address of the distinct rows: VERIFY_STRIDE bytes each (flags, then a VK nibble per operand, low first). */");
L.push("export function verifyRows(): usize {");
L.push("  return memory.data<u8>([");
rows.forEach((r, i) => L.push(`    ${r}, // ${i}: ${OPS.filter((_, o) => rowOf[o] === i).slice(0, 3).map((o) => o.name).join(" ")}${OPS.filter((_, o) => rowOf[o] === i).length > 3 ? " ..." : ""}`));
L.push("  ]);");
L.push("}");
L.push("/** Address of the row index of every opcode (u8, VERIFY_OPS of them). */");
L.push("export function verifyRowOf(): usize {");
L.push("  return memory.data<u8>([");
for (let i = 0; i < OPS.length; i += 16) L.push(`    ${rowOf.slice(i, i + 16).join(", ")}, // ${OPS[i].name} ..`);
L.push("  ]);");
L.push("}");
const text = L.join("\n") + "\n";

if (process.argv.includes("--check")) {
  let old = "";
  try { old = readFileSync(OUT, "utf8"); } catch {}
  if (old !== text) { console.error("core/assembly/aot-verify.generated.ts is stale: run node interp-fast/gen-verify.mjs"); process.exit(1); }
} else {
  let old = "";
  try { old = readFileSync(OUT, "utf8"); } catch {}
  // written only when it changes (build.mjs runs this before every core build)
  if (old !== text) { writeFileSync(OUT, text); console.log("wrote core/assembly/aot-verify.generated.ts"); }
}
