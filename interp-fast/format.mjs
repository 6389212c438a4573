/**
 * The fast interpreter's code format, defined once.
 *
 * This table is the single definition of the internal code that the
 * translator (interp-fast/assembly/translate.ts) emits and the executor
 * (interp-fast/assembly/interp.ts) runs; the AoT compiler will emit the same
 * code. `node interp-fast/gen.mjs` derives from it:
 *   interp-fast/assembly/format.generated.ts  opcode numbers, instruction sizes, encoders
 *   the generated `case`s of interp-fast/assembly/interp.ts (between the GENERATED markers)
 *   docs/fast-code-format.md                  the reference documentation
 * tests/unit/fast-format.test.mjs fails when any of them is stale.
 *
 * Change FORMAT_VERSION whenever an opcode number, an operand or an encoding
 * changes (appending an opcode also counts: older readers don't know it).
 *
 * Entry fields:
 *   name      snake_case mnemonic (the AS constant is its CamelCase: i32_add -> FOp.I32Add)
 *   ops       operands, in encoding order, "name:kind" (kinds below)
 *   doc       what it does (one line; semantics are the wasm instruction's unless said otherwise)
 *   gen       optional: how the executor case is generated; absent = hand-written in interp.ts
 *   from      wasm instruction(s) it implements (documentation)
 */

export const FORMAT_VERSION = 5;

/** Operand kinds: size in 16-bit code units and meaning. */
export const KINDS = {
  s: { units: 1, what: "slot: u16 byte offset of an 8-byte value slot from the frame pointer (a multiple of 8)" },
  d: { units: 1, what: "destination slot: u16 byte offset from the frame pointer (a multiple of 8)" },
  i32: { units: 2, what: "32-bit immediate, little-endian (two units; only 2-byte aligned)" },
  i64: { units: 4, what: "64-bit immediate, little-endian (four units; only 2-byte aligned)" },
  u32: { units: 2, what: "unsigned 32-bit index or memory offset, little-endian (two units)" },
  t: { units: 2, what: "branch target: signed 32-bit byte offset from the address of this instruction's opcode" },
  n: { units: 2, what: "unsigned 32-bit count of the variable-length tail that follows" },
  c: { units: 1, what: "instruction charge: i16, the number of wasm instructions of the original code this instruction charges to the budget (see Metering; may be negative)" },
};

// ---- helpers to build the table ----

const OPS = [];
const op = (name, ops, doc, from, gen) => OPS.push({ name, ops: ops ? ops.split(" ") : [], doc, from, gen });

// Typed reads of slots for generated cases: input type -> AS load type.
const BIN = (name, t, expr, res, from) => op(name, "dst:d a:s b:s", `dst = ${from ?? name.replace("_", ".")}(a, b)`, from ?? name.replace("_", "."), { kind: "bin", t, expr, res });
const UN = (name, t, expr, res, from) => op(name, "dst:d a:s", `dst = ${from ?? name.replace("_", ".")}(a)`, from ?? name.replace("_", "."), { kind: "un", t, expr, res });
const IMM = (name, t, expr, res, from) => op(name, "dst:d a:s k:i32", `dst = ${from} (a, k): the second operand is the immediate k`, `${from} with an i32.const operand`, { kind: "imm", t, expr, res });
const IMM64 = (name, t, expr, res, from) => op(name, "dst:d a:s k:i32", `dst = ${from} (a, k): k is the immediate sign-extended to 64 bits`, `${from} with an i64.const operand in [-2^31, 2^31)`, { kind: "imm64", t, expr, res });
const BRC = (name, t, expr, from) => op(name, "a:s b:s target:t fuel:c", `branch to target when ${from}(a, b)`, `${from} + br_if / if`, { kind: "brc", t, expr });
const BRCI = (name, t, expr, from) => op(name, "a:s k:i32 target:t fuel:c", `branch to target when ${from}(a, k)`, `${from} with an i32.const operand + br_if / if`, { kind: "brci", t, expr });
const LOAD = (name, size, read, from) => op(name, "dst:d addr:s offset:u32", `dst = load ${size} byte(s) at addr + offset (trap "out of bounds memory access")`, from, { kind: "load", size, read });
const STORE = (name, size, write, from) => op(name, "addr:s val:s offset:u32", `store the low ${size} byte(s) of val at addr + offset (trap "out of bounds memory access")`, from, { kind: "store", size, write });

// ---- control ----
op("unreachable", "", 'trap "unreachable"', "unreachable");
op("br", "target:t fuel:c", "jump to target", "br, else (end of then-arm), loop back-edges", { kind: "br" });
op("br_if_nz", "c:s target:t fuel:c", "jump to target when the i32 in the low 4 bytes of c is non-zero", "br_if; level 1: i32.wrap_i64 + br_if", { kind: "brz", expr: "a != 0" });
op("br_if_z", "c:s target:t fuel:c", "jump to target when the i32 in the low 4 bytes of c is zero", "if, i32.eqz + br_if; level 1: i32.wrap_i64 + if", { kind: "brz", expr: "a == 0" });
op("br_table", "idx:s fuel:c count:n targets:t*", "jump to targets[min(idx, count)]; `count`+1 targets follow (the default last), each relative to this opcode", "br_table");
op("return0", "fuel:c", "return from the function with no results", "return, end");
op("return1", "src:s fuel:c", "return with one result: the value in src", "return, end");
op("return_n", "count:n first:s fuel:c", "return `count` results from the consecutive slots starting at first", "return, end");
op("call", "func:u32 args:s fuel:c", "call function index `func` of the instance; its arguments are in consecutive slots from args, which becomes the callee's frame pointer; results are written from args", "call");
op("call_indirect", "type:u32 table:u32 idx:s args:s fuel:c", "call table[idx] after checking its type against type index `type` (traps as call_indirect); arguments/results as for call", "call_indirect");

// ---- moves, constants, variables ----
op("copy", "dst:d src:s", "dst = src (8 bytes)", "local.get/local.set/local.tee, branch values");
op("const32", "dst:d k:i32", "dst = k zero-extended to 64 bits", "i32.const, f32.const, ref.null");
op("const64", "dst:d k:i64", "dst = k", "i64.const, f64.const");
op("select", "dst:d a:s b:s c:s", "dst = the i32 in c != 0 ? a : b", "select");
op("global_get", "dst:d global:u32", "dst = value of global index `global` of the instance", "global.get");
op("global_set", "global:u32 src:s", "global index `global` = src", "global.set");
op("table_get", "dst:d table:u32 idx:s", 'dst = table[idx] (trap "out of bounds table access")', "table.get");
op("table_set", "table:u32 idx:s val:s", 'table[idx] = val (trap "out of bounds table access")', "table.set");
op("ref_func", "dst:d func:u32", "dst = reference to function index `func` of the instance (store address + 1)", "ref.func");

// ---- memory ----
LOAD("i32_load", 4, "u32", "i32.load, f32.load, i64.load32_u");
LOAD("i64_load", 8, "u64", "i64.load, f64.load");
LOAD("i32_load8_s", 1, "i8_32", "i32.load8_s");
LOAD("i32_load8_u", 1, "u8", "i32.load8_u, i64.load8_u");
LOAD("i32_load16_s", 2, "i16_32", "i32.load16_s");
LOAD("i32_load16_u", 2, "u16", "i32.load16_u, i64.load16_u");
LOAD("i64_load8_s", 1, "i8_64", "i64.load8_s");
LOAD("i64_load16_s", 2, "i16_64", "i64.load16_s");
LOAD("i64_load32_s", 4, "i32_64", "i64.load32_s");
STORE("i32_store", 4, "u32", "i32.store, f32.store, i64.store32");
STORE("i64_store", 8, "u64", "i64.store, f64.store");
STORE("i32_store8", 1, "u8", "i32.store8, i64.store8");
STORE("i32_store16", 2, "u16", "i32.store16, i64.store16");
op("memory_size", "dst:d", "dst = memory size in pages", "memory.size");
op("memory_grow", "dst:d delta:s", "dst = old size in pages or -1 (spec memory.grow)", "memory.grow");
op("memory_init", "seg:u32 d:s s:s n:s", "memory.init of data segment seg", "memory.init");
op("data_drop", "seg:u32", "data.drop", "data.drop");
op("memory_copy", "d:s s:s n:s", "memory.copy", "memory.copy");
op("memory_fill", "d:s v:s n:s", "memory.fill", "memory.fill");
op("table_init", "seg:u32 table:u32 d:s s:s n:s", "table.init", "table.init");
op("elem_drop", "seg:u32", "elem.drop", "elem.drop");
op("table_copy", "dst_table:u32 src_table:u32 d:s s:s n:s", "table.copy", "table.copy");
op("table_grow", "dst:d table:u32 init:s delta:s", "dst = table.grow(init, delta)", "table.grow");
op("table_size", "dst:d table:u32", "dst = table size", "table.size");
op("table_fill", "table:u32 i:s val:s n:s", "table.fill", "table.fill");

// ---- i32 ----
const i32cmp = [["eq", "i32", "a == b"], ["ne", "i32", "a != b"], ["lt_s", "i32", "a < b"], ["lt_u", "u32", "a < b"], ["gt_s", "i32", "a > b"], ["gt_u", "u32", "a > b"],
  ["le_s", "i32", "a <= b"], ["le_u", "u32", "a <= b"], ["ge_s", "i32", "a >= b"], ["ge_u", "u32", "a >= b"]];
UN("i32_eqz", "i32", "a == 0", "bool");
for (const [n, t, e] of i32cmp) BIN(`i32_${n}`, t, e, "bool", `i32.${n}`);
UN("i32_clz", "u32", "clz<u32>(a)", "u32");
UN("i32_ctz", "u32", "ctz<u32>(a)", "u32");
UN("i32_popcnt", "u32", "popcnt<u32>(a)", "u32");
const i32bin = [["add", "u32", "a + b"], ["sub", "u32", "a - b"], ["mul", "u32", "a * b"], ["and", "u32", "a & b"], ["or", "u32", "a | b"], ["xor", "u32", "a ^ b"],
  ["shl", "u32", "a << (b & 31)"], ["shr_s", "i32", "a >> (b & 31)"], ["shr_u", "u32", "a >>> (b & 31)"], ["rotl", "u32", "rotl<u32>(a, b)"], ["rotr", "u32", "rotr<u32>(a, b)"]];
for (const [n, t, e] of i32bin) BIN(`i32_${n}`, t, e, t === "i32" ? "i32" : "u32", `i32.${n}`);
for (const n of ["div_s", "div_u", "rem_s", "rem_u"]) op(`i32_${n}`, "dst:d a:s b:s", `dst = i32.${n}(a, b) (traps "integer divide by zero", "integer overflow")`, `i32.${n}`);
UN("i32_extend8_s", "i32", "<i32><i8>a", "i32");
UN("i32_extend16_s", "i32", "<i32><i16>a", "i32");

// ---- i64 ----
UN("i64_eqz", "i64", "a == 0", "bool");
for (const [n, t, e] of i32cmp) BIN(`i64_${n}`, t === "u32" ? "u64" : "i64", e, "bool", `i64.${n}`);
UN("i64_clz", "u64", "clz<u64>(a)", "u64");
UN("i64_ctz", "u64", "ctz<u64>(a)", "u64");
UN("i64_popcnt", "u64", "popcnt<u64>(a)", "u64");
const i64bin = [["add", "u64", "a + b"], ["sub", "u64", "a - b"], ["mul", "u64", "a * b"], ["and", "u64", "a & b"], ["or", "u64", "a | b"], ["xor", "u64", "a ^ b"],
  ["shl", "u64", "a << (b & 63)"], ["shr_s", "i64", "a >> (b & 63)"], ["shr_u", "u64", "a >>> (b & 63)"], ["rotl", "u64", "rotl<u64>(a, b)"], ["rotr", "u64", "rotr<u64>(a, b)"]];
for (const [n, t, e] of i64bin) BIN(`i64_${n}`, t, e, t, `i64.${n}`);
for (const n of ["div_s", "div_u", "rem_s", "rem_u"]) op(`i64_${n}`, "dst:d a:s b:s", `dst = i64.${n}(a, b) (traps "integer divide by zero", "integer overflow")`, `i64.${n}`);
UN("i64_extend8_s", "i64", "<i64><i8>a", "i64");
UN("i64_extend16_s", "i64", "<i64><i16>a", "i64");
UN("i64_extend32_s", "i64", "<i64><i32>a", "i64");

// ---- f32 / f64 (sign operations on bits, keeping NaN payloads; rounding results quieted) ----
for (const [w, F, U, q] of [["32", "f32", "u32", "q32"], ["64", "f64", "u64", "q64"]]) {
  const sign = w === "32" ? "0x80000000" : "0x8000000000000000";
  const mag = w === "32" ? "0x7fffffff" : "0x7fffffffffffffff";
  for (const [n, e] of [["eq", "=="], ["ne", "!="], ["lt", "<"], ["gt", ">"], ["le", "<="], ["ge", ">="]]) BIN(`f${w}_${n}`, F, `a ${e} b`, "bool", `f${w}.${n}`);
  UN(`f${w}_abs`, U, `a & ${mag}`, U);
  UN(`f${w}_neg`, U, `a ^ ${sign}`, U);
  BIN(`f${w}_copysign`, U, `(a & ${mag}) | (b & ${sign})`, U, `f${w}.copysign`);
  const M = w === "32" ? "Mathf" : "Math";
  UN(`f${w}_ceil`, F, `${M}.ceil(a)`, q);
  UN(`f${w}_floor`, F, `${M}.floor(a)`, q);
  UN(`f${w}_trunc`, F, `${M}.trunc(a)`, q);
  UN(`f${w}_nearest`, F, `nearest<${F}>(a)`, q);
  UN(`f${w}_sqrt`, F, `sqrt<${F}>(a)`, q);
  for (const [n, e] of [["add", "a + b"], ["sub", "a - b"], ["mul", "a * b"], ["div", "a / b"], ["min", `min<${F}>(a, b)`], ["max", `max<${F}>(a, b)`]]) BIN(`f${w}_${n}`, F, e, F, `f${w}.${n}`);
}

// ---- conversions ----
UN("i32_wrap_i64", "u64", "<u32>a", "u32");
for (const n of ["i32_trunc_f32_s", "i32_trunc_f32_u", "i32_trunc_f64_s", "i32_trunc_f64_u", "i64_trunc_f32_s", "i64_trunc_f32_u", "i64_trunc_f64_s", "i64_trunc_f64_u"])
  op(n, "dst:d a:s", `dst = ${n.replace("_", ".")}(a) (traps "invalid conversion to integer", "integer overflow")`, n.replace("_", "."));
UN("i32_trunc_sat_f32_s", "f32", "truncSat32s(<f64>a)", "i32");
UN("i32_trunc_sat_f32_u", "f32", "truncSat32u(<f64>a)", "u32");
UN("i32_trunc_sat_f64_s", "f64", "truncSat32s(a)", "i32");
UN("i32_trunc_sat_f64_u", "f64", "truncSat32u(a)", "u32");
UN("i64_trunc_sat_f32_s", "f32", "truncSat64s(<f64>a)", "i64");
UN("i64_trunc_sat_f32_u", "f32", "truncSat64u(<f64>a)", "u64");
UN("i64_trunc_sat_f64_s", "f64", "truncSat64s(a)", "i64");
UN("i64_trunc_sat_f64_u", "f64", "truncSat64u(a)", "u64");
UN("i64_extend_i32_s", "i32", "<i64>a", "i64");
UN("i64_extend_i32_u", "u32", "<u64>a", "u64");
UN("f32_convert_i32_s", "i32", "<f32>a", "f32");
UN("f32_convert_i32_u", "u32", "<f32>a", "f32");
UN("f32_convert_i64_s", "i64", "i64ToF32(a)", "f32");
UN("f32_convert_i64_u", "u64", "u64ToF32(a)", "f32");
UN("f32_demote_f64", "f64", "<f32>a", "f32");
UN("f64_convert_i32_s", "i32", "<f64>a", "f64");
UN("f64_convert_i32_u", "u32", "<f64>a", "f64");
UN("f64_convert_i64_s", "i64", "<f64>a", "f64");
UN("f64_convert_i64_u", "u64", "<f64>a", "f64");
UN("f64_promote_f32", "f32", "<f64>a", "f64");

// ---- fused forms (superinstructions), picked by dynamic counts (docs/fast-code-format.md, "Fusions") ----
// A binary operation whose second operand is a constant.
IMM("i32_add_imm", "u32", "a + k", "u32", "i32.add");
IMM("i32_mul_imm", "u32", "a * k", "u32", "i32.mul");
IMM("i32_and_imm", "u32", "a & k", "u32", "i32.and");
IMM("i32_or_imm", "u32", "a | k", "u32", "i32.or");
IMM("i32_xor_imm", "u32", "a ^ k", "u32", "i32.xor");
IMM("i32_shl_imm", "u32", "a << (k & 31)", "u32", "i32.shl");
IMM("i32_shr_s_imm", "i32", "a >> (k & 31)", "i32", "i32.shr_s");
IMM("i32_shr_u_imm", "u32", "a >>> (k & 31)", "u32", "i32.shr_u");
for (const [n, t, e] of i32cmp) IMM(`i32_${n}_imm`, t, e.replace("b", "k"), "bool", `i32.${n}`);
// Compare and branch.
for (const [n, t, e] of i32cmp) BRC(`br_if_i32_${n}`, t, e, `i32.${n}`);
for (const [n, t, e] of i32cmp) BRCI(`br_if_i32_${n}_imm`, t, e.replace("b", "k"), `i32.${n}`);

// (FORMAT_VERSION 1 ends here; version 2 adds the following.)
IMM("i32_rotl_imm", "u32", "rotl<u32>(a, k)", "u32", "i32.rotl");
IMM("i32_rotr_imm", "u32", "rotr<u32>(a, k)", "u32", "i32.rotr");
// i64 operations with a constant that fits 32 bits: k is sign-extended.
IMM64("i64_add_imm", "u64", "a + k", "u64", "i64.add");
IMM64("i64_mul_imm", "u64", "a * k", "u64", "i64.mul");
IMM64("i64_and_imm", "u64", "a & k", "u64", "i64.and");
IMM64("i64_or_imm", "u64", "a | k", "u64", "i64.or");
IMM64("i64_xor_imm", "u64", "a ^ k", "u64", "i64.xor");
IMM64("i64_shl_imm", "u64", "a << (k & 63)", "u64", "i64.shl");
IMM64("i64_shr_s_imm", "i64", "a >> (k & 63)", "i64", "i64.shr_s");
IMM64("i64_shr_u_imm", "u64", "a >>> (k & 63)", "u64", "i64.shr_u");
// Loads whose address is `addr + k` (an i32.add of a constant, wrapping at 2^32), then + offset.
for (const o of OPS.filter((o) => o.gen?.kind === "load")) {
  op(`${o.name}_ai`, "dst:d addr:s k:i32 offset:u32", `dst = load ${o.gen.size} byte(s) at ((addr + k) mod 2^32) + offset (trap "out of bounds memory access")`, `i32.add of a constant + ${o.from}`, { ...o.gen, kind: "loadai" });
}

// Loads and stores at a constant address (C globals): addr is the i32.const plus the static offset (< 2^32).
for (const o of OPS.filter((o) => o.gen?.kind === "load" && (o.name === "i32_load" || o.name === "i64_load"))) {
  op(`${o.name}_k`, "dst:d addr:u32", `dst = load ${o.gen.size} byte(s) at addr (trap "out of bounds memory access")`, `i32.const + ${o.from}`, { ...o.gen, kind: "loadk" });
}
for (const o of OPS.filter((o) => o.gen?.kind === "store" && (o.name === "i32_store" || o.name === "i64_store"))) {
  op(`${o.name}_k`, "addr:u32 val:s", `store the low ${o.gen.size} byte(s) of val at addr (trap "out of bounds memory access")`, `i32.const + ${o.from}`, { ...o.gen, kind: "storek" });
}
// f64 arithmetic with a constant operand (the second; for add and mul a constant first is swapped).
for (const [n, e] of [["add", "a + k"], ["sub", "a - k"], ["mul", "a * k"], ["div", "a / k"]]) {
  op(`f64_${n}_k`, "dst:d a:s k:i64", `dst = f64.${n}(a, k): k is the f64 immediate`, `f64.${n} with an f64.const operand`, { kind: "fk", expr: e });
}
// f64 arithmetic whose second operand is loaded: from ((addr + k) mod 2^32) + offset, as i64_load_ai (k = 0 for a plain load).
for (const [n, e] of [["add", "a + b"], ["sub", "a - b"], ["mul", "a * b"]]) {
  op(`f64_${n}_m`, "dst:d a:s addr:s k:i32 offset:u32", `dst = f64.${n}(a, the f64 at ((addr + k) mod 2^32) + offset) (trap "out of bounds memory access")`, `f64.load + f64.${n}`, { kind: "fm", expr: e });
}

// (FORMAT_VERSION 3: instruction metering.) Every branch, call and return
// carries a `fuel:c` charge; `fuel` charges the instructions of a block that
// falls through into a label when its branches cannot carry them.
op("fuel", "n:i32", "charge n wasm instructions to the budget (no check)", "metering: the instructions before a label reached by falling through");

// (FORMAT_VERSION 4: emitted only by the AoT-grade translation, level >= 1;
// see docs/fast-code-format.md, "Optimization levels".) Scaled-index
// addressing: `a + (b << k)` (i32.shl by a constant feeding an i32.add), and
// loads whose address is such a sum (or a plain i32.add, k = 0).
op("i32_add_shl", "dst:d a:s b:s k:i32", "dst = a + (b << k) (i32, wrapping; k in [0, 31])", "i32.shl with an i32.const operand + i32.add", { kind: "addshl" });
for (const o of OPS.filter((o) => o.gen?.kind === "load")) {
  op(`${o.name}_x`, "dst:d a:s b:s k:i32 offset:u32", `dst = load ${o.gen.size} byte(s) at ((a + (b << k)) mod 2^32) + offset (trap "out of bounds memory access")`, `i32.add (of an i32.shl by a constant) + ${o.from}`, { ...o.gen, kind: "loadx" });
}

// Pair superinstructions: two consecutive instructions x, y executed in one
// dispatch, emitted by the level >= 1 translation's last pass where no label
// falls between them. Encoding: the pair's opcode, x's operands, then y's
// (y's opcode unit is dropped); a branch target of y is relative to the
// address of y's virtual opcode, the pair's opcode address + (size of x - 2).
// Chosen from `node interp-fast/tools/profile.mjs --opt=1` over the bench/
// programs after Binaryen -O3 (docs/fast-code-format.md, "Optimization levels"):
// the most executed consecutive pairs whose first is neither a branch, call
// nor return, in order of frequency (percent of 490.8 M executed instructions).
export const PAIRS = [
  ["i32_add_imm", "i32_add_imm"],     // 3.90
  ["i32_shl_imm", "i32_load_ai"],     // 3.08
  ["i64_store", "i32_add_imm"],       // 3.02
  ["f64_add_m", "i64_store"],         // 2.59
  ["f64_mul", "f64_mul"],             // 1.83
  ["i32_add_imm", "i32_shl_imm"],     // 1.74
  ["f64_mul_m", "f64_add_m"],         // 1.67
  ["i64_add_imm", "br"],              // 1.52
  ["i32_add_imm", "br_if_nz"],        // 1.16
  ["i32_add_imm", "i64_add_imm"],     // 0.97
  ["i32_add_imm", "br_if_i32_ne"],    // 0.88
  ["i32_shr_u_imm", "i32_xor"],       // 0.85
  ["i32_xor", "i32_mul_imm"],         // 0.84
  ["i32_ne_imm", "i32_and"],          // 0.81
  ["i32_load8_u_ai", "i32_xor"],      // 0.80
  ["i32_store", "br"],                // 0.80
];
const PAIR_FIRST_KINDS = new Set(["copy", "globalget", "globalset", "bin", "un", "imm", "imm64", "load", "store", "loadai", "loadk", "storek", "fk", "fm", "addshl", "loadx"]);
for (const [x, y] of PAIRS) {
  const X = OPS.find((o) => o.name === x), Y = OPS.find((o) => o.name === y);
  if (!X || !Y || !PAIR_FIRST_KINDS.has(X.gen?.kind) || !Y.gen || Y.gen.kind === "pair") throw new Error(`format.mjs: bad pair ${x} ${y}`);
  op(`${x}_then_${y}`, [...X.ops.map((a) => "x_" + a), ...Y.ops.map((a) => "y_" + a)].join(" "),
    `${x} then ${y}, one dispatch (y's target, if any, relative to this opcode + ${fixedSize(X) - 2})`, `${X.from} ; ${Y.from}`, { kind: "pair", x: X, y: Y });
}

export { OPS };

/** CamelCase constant name of an op. */
export const constName = (name) => name.split("_").map((p) => p[0].toUpperCase() + p.slice(1)).join("");

/** Fixed size of an instruction in bytes (opcode + operands), or the size of its fixed part for variable-length ones. */
export function fixedSize(o) {
  let units = 1;
  for (const a of o.ops) {
    const [, kind] = a.split(":");
    if (kind.endsWith("*")) continue;
    units += KINDS[kind].units;
  }
  return units * 2;
}

/** Byte offset of each operand from the opcode address. */
export function operandOffsets(o) {
  const out = {};
  let off = 2;
  for (const a of o.ops) {
    const [name, kind] = a.split(":");
    out[name] = { off, kind };
    if (!kind.endsWith("*")) off += KINDS[kind].units * 2;
  }
  return out;
}
