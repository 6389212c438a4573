/**
 * Wasm values as the spec runner handles them, independent of any engine.
 *
 * A value is a plain object:
 *   - numbers: `{ type: "i32" | "i64" | "f32" | "f64", bits: bigint }`, the
 *     unsigned bit pattern (so floats compare bit-exactly and NaN payloads survive);
 *   - references: `{ type: "funcref" | "externref", ref }` where `ref` is
 *     `null`, a host reference object from `hostRef(n)`, or an engine value.
 *
 * Expected results may instead be NaN patterns, `{ type, nan: "canonical" | "arithmetic" }`,
 * or "any non-null reference", `{ type, ref: ANY_REF }`.
 */

/** Marks an expected reference that may be any non-null reference (`(ref.func)`, `(ref.extern)`). */
export const ANY_REF = Symbol("any non-null reference");

const hostRefs = new Map();

/**
 * The host reference numbered `n` (`(ref.extern n)` in wast): one frozen
 * object per number, so references compare by identity as the spec requires.
 */
export function hostRef(n) {
  let r = hostRefs.get(n);
  if (!r) {
    r = Object.freeze({ hostref: n });
    hostRefs.set(n, r);
  }
  return r;
}

const WIDTH = { i32: 32, i64: 64, f32: 32, f64: 64 };

/** Parse one wast2json value (`{type, value}`) into a runner value (or expected pattern). */
export function parseValue(v) {
  const { type, value } = v;
  switch (type) {
    case "i32":
    case "i64":
    case "f32":
    case "f64":
      if (value === "nan:canonical" || value === "nan:arithmetic") return { type, nan: value.slice(4) };
      return { type, bits: BigInt.asUintN(WIDTH[type], BigInt(value)) };
    case "externref":
    case "funcref":
      if (value === undefined) return { type, ref: ANY_REF };
      if (value === "null") return { type, ref: null };
      if (type === "externref") return { type, ref: hostRef(Number(value)) };
      throw new Error(`unsupported funcref value ${JSON.stringify(value)}`);
    default:
      throw new Error(`unsupported value type ${type}`);
  }
}

/** Whether float bits are a NaN of the given kind (spec: canonical = only the quiet bit set; arithmetic = quiet bit set). */
export function isNaNKind(type, bits, kind) {
  if (type === "f32") {
    const b = Number(bits & 0xffffffffn);
    return kind === "canonical" ? (b & 0x7fffffff) === 0x7fc00000 : (b & 0x7fc00000) === 0x7fc00000;
  }
  if (type === "f64") {
    return kind === "canonical"
      ? (bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n
      : (bits & 0x7ff8000000000000n) === 0x7ff8000000000000n;
  }
  return false;
}

/** Whether `actual` (a runner value) matches `expected` (a parsed expectation). */
export function matches(expected, actual) {
  if (!actual || actual.type !== expected.type) return false;
  if (expected.nan) return isNaNKind(expected.type, actual.bits, expected.nan);
  if ("bits" in expected) return actual.bits === expected.bits;
  if (expected.ref === ANY_REF) return actual.ref !== null && actual.ref !== undefined;
  return actual.ref === expected.ref;
}

/** Whether a list of results matches a list of expectations. */
export function matchesAll(expected, actual) {
  return expected.length === actual.length && expected.every((e, i) => matches(e, actual[i]));
}

const f32buf = new DataView(new ArrayBuffer(8));

/** The float a bit pattern stands for (NaN payloads are shown by `format`). */
function floatOf(type, bits) {
  if (type === "f32") {
    f32buf.setUint32(0, Number(bits));
    return f32buf.getFloat32(0);
  }
  f32buf.setBigUint64(0, bits);
  return f32buf.getFloat64(0);
}

/** Bit pattern of a JS number as f32/f64 (used by engines that hand out numbers). */
export function floatBits(type, x) {
  if (type === "f32") {
    f32buf.setFloat32(0, x);
    return BigInt(f32buf.getUint32(0));
  }
  f32buf.setFloat64(0, x);
  return f32buf.getBigUint64(0);
}

/** A readable form of a value or expectation, e.g. `i32:-1`, `f32:1.5 (0x3fc00000)`, `f64:nan:canonical`. */
export function format(v) {
  if (!v) return String(v);
  if (v.nan) return `${v.type}:nan:${v.nan}`;
  if ("bits" in v) {
    const hex = `0x${v.bits.toString(16)}`;
    switch (v.type) {
      case "i32": return `i32:${BigInt.asIntN(32, v.bits)}`;
      case "i64": return `i64:${BigInt.asIntN(64, v.bits)}`;
      default: {
        const x = floatOf(v.type, v.bits);
        if (Number.isNaN(x)) {
          const payload = v.type === "f32" ? v.bits & 0x7fffffn : v.bits & 0xfffffffffffffn;
          const sign = (v.type === "f32" ? v.bits >> 31n : v.bits >> 63n) ? "-" : "";
          return `${v.type}:${sign}nan:0x${payload.toString(16)} (${hex})`;
        }
        return `${v.type}:${Object.is(x, -0) ? "-0" : x} (${hex})`;
      }
    }
  }
  const r = v.ref;
  if (r === ANY_REF) return `${v.type}:non-null`;
  if (r === null) return `${v.type}:null`;
  if (r === undefined) return `${v.type}:undefined`;
  if (typeof r === "object" && "hostref" in r) return `${v.type}:hostref(${r.hostref})`;
  return `${v.type}:<${typeof r === "function" ? "function" : typeof r}>`;
}

/** `format` for a list: `[i32:1, f32:2 (0x40000000)]`. */
export function formatAll(vs) {
  return `[${vs.map(format).join(", ")}]`;
}
