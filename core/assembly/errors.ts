/**
 * Error state of the core, C-style (AssemblyScript has no try/catch).
 *
 * A failing operation records one error here and returns a failure value
 * (0, false or a negative status); the host reads it through the exported
 * `wt_error_*` functions. Its message is either a string (setError: the
 * decoder's and validator's) or a coded message, a number and three u32
 * arguments (setErrorCode: the runtime's and the AoT loader's; the texts are
 * the host's, core/messages.mjs, so the core carries none of them). Kinds follow the spec test categories so the host
 * can tell them apart: malformed (binary format, spec 5), invalid (validation,
 * spec 3), link (instantiation: unknown import, incompatible import type),
 * trap (runtime, spec 4.4), exhaustion (call stack exhausted), and resource
 * (a runtime limit of ours: memory or table too large for this build/config).
 */
export const enum ErrorKind {
  None = 0,
  Malformed = 1,
  Invalid = 2,
  Link = 3,
  Trap = 4,
  Exhaustion = 5,
  Resource = 6,
  /** A host (native) function raised; the host keeps the exception object. */
  Host = 7,
  /** The instruction budget ran out and the invocation was suspended (resumable). */
  Suspended = 8,
}

let errKind: i32 = ErrorKind.None;
let errMsg: string = "";
let errOffset: i32 = -1;
let errCode: i32 = 0;
let errArg0: u32 = 0;
let errArg1: u32 = 0;
let errArg2: u32 = 0;

/** Record an error. `offset` is the byte offset in the module binary, or -1. */
export function setError(kind: i32, msg: string, offset: i32 = -1): void {
  errKind = kind;
  errMsg = msg;
  errOffset = offset;
  errCode = 0;
}

/**
 * Record an error with a coded message (`Msg`, core/assembly/messages.generated.ts)
 * and its three arguments instead of a string: the host has the text
 * (core/messages.mjs, the one definition) and fills the arguments in.
 */
export function setErrorCode(kind: i32, code: i32, offset: i32 = -1, a0: u32 = 0, a1: u32 = 0, a2: u32 = 0): void {
  errKind = kind;
  errMsg = "";
  errOffset = offset;
  errCode = code;
  errArg0 = a0;
  errArg1 = a1;
  errArg2 = a2;
}

export function clearError(): void {
  errKind = ErrorKind.None;
  errMsg = "";
  errOffset = -1;
  errCode = 0;
}

export function hasError(): bool { return errKind != ErrorKind.None; }
export function errorKind(): i32 { return errKind; }
export function errorMessage(): string { return errMsg; }
export function errorOffset(): i32 { return errOffset; }
/** The error's coded message (Msg), 0 when its message is a string (errorMessage). */
export function errorCode(): i32 { return errCode; }
/** Argument `i` (0..2) of the coded message. */
export function errorArg(i: i32): u32 { return i == 0 ? errArg0 : i == 1 ? errArg1 : errArg2; }
