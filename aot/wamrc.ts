#!/usr/bin/env node
/**
 * `wamrc-ts`: the AoT compiler, in the style of WAMR's `wamrc`.
 *
 *     wamrc-ts [options] -o out.aot in.wasm
 *
 * Reads the module, validates it with the wamr-ts core (the spec's messages),
 * optimizes it with Binaryen (--opt-level, --size-level), lowers it to the
 * target (--target=js: JavaScript, --i64=bigint or pairs; --target=bytecode:
 * the fast interpreter's code, made by the core's translator at its highest
 * level) and writes an .aot file
 * (docs/aot-format.md), signed with --sign-key. Prints one line on what it
 * did. Exit status 0, 1 when the input cannot be compiled, 2 on a usage error.
 */
import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError, Option } from "commander";

const level = (name: string, max: number) => (v: string): number => {
  const n = /^\d$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= max)) throw new InvalidArgumentError(`${name} must be an integer from 0 to ${max}.`);
  return n;
};

export function buildCommand(): Command {
  return new Command()
    .name("wamrc-ts")
    .usage("[options] -o <out.aot> <in.wasm>")
    .description("Compile a WebAssembly module ahead of time into an .aot file for the wamr-ts loader (iwasm-ts runs it).")
    .argument("<in.wasm>", "the module to compile")
    .requiredOption("-o, --output <file>", "the .aot file to write")
    .option("--opt-level <n>", "Binaryen optimization level 0-3", level("--opt-level", 3), 3)
    .option("--size-level <n>", "Binaryen size (shrink) level 0-2", level("--size-level", 2), 0)
    .addOption(new Option("--target <target>", "code target: js (JavaScript for hosts that evaluate code); bytecode (the fast interpreter's code, loaded by the core without validation or translation)").choices(["js", "bytecode"]).default("js"))
    .addOption(new Option("--i64 <mode>", "i64 in the js target: pairs (two int32 halves: any host, and faster on V8); bigint (JS BigInt)").choices(["bigint", "pairs"]).default("pairs"))
    .addOption(new Option("--js-flavor <flavor>", "js target: auto (plain code, and asm.js code beside it where the module allows it: the loader runs asm.js where the host validates it, as V8 does, plain elsewhere); plain (JavaScript only, exact on every host: a smaller file, a faster first instantiation); asmjs (only asm.js; needs --i64=pairs and a module without table/reference instructions, imported memories or tables, mutable exported globals)").choices(["auto", "plain", "asmjs"]).default("auto"))
    .option("--no-metering", "js target: leave out instruction metering and call-depth counting (faster; the module manager refuses such code)")
    .option("--sign-key <key.pem>", "sign the file with this Ed25519 private key (PEM)")
    .option("-q, --quiet", "print nothing on success")
    .helpOption("-h, --help", "show this help")
    .addHelpText("after", `
Example:
  wamrc-ts --opt-level=3 -o app.aot app.wasm
  iwasm-ts app.aot

Exit status: 0 on success, 1 when the module cannot be read, is not valid or
cannot be compiled, 2 for a usage error.`);
}

const err = (s: string): void => { fs.writeSync(2, s); };

export async function main(argv: string[]): Promise<number> {
  const cmd = buildCommand().exitOverride();
  try {
    cmd.parse(argv);
  } catch (e: any) {
    return e.exitCode === 0 ? 0 : 2;
  }
  const o = cmd.opts();
  const [input] = cmd.processedArgs as [string];
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(input);
  } catch (e) {
    err(`wamrc-ts: cannot read ${input}: ${(e as Error).message}\n`);
    return 1;
  }
  // Validate with the wamr-ts core: the spec's reasons and the byte offset.
  const { Runtime, WasmError } = await import("../core/runtime.js");
  let rt;
  try {
    rt = await Runtime.create({ interpreter: "fast" }); // also the bytecode target's translator
    rt.load(bytes);
  } catch (e) {
    if (e instanceof WasmError) {
      err(`wamrc-ts: ${input}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  let sign;
  if (o.signKey) {
    const { signer } = await import("./sign.js");
    try {
      sign = signer(fs.readFileSync(o.signKey));
    } catch (e) {
      err(`wamrc-ts: --sign-key=${o.signKey}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const { compileWasm, loadBinaryen } = await import("./compile.js");
  let result;
  try {
    const b = await loadBinaryen();
    result = compileWasm(b, bytes, { optLevel: o.optLevel, sizeLevel: o.sizeLevel, target: o.target, i64: o.i64, flavor: o.jsFlavor, metering: o.metering, sign, runtime: rt });
  } catch (e) {
    err(`wamrc-ts: ${input}: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    fs.writeFileSync(o.output, result.aot);
  } catch (e) {
    err(`wamrc-ts: cannot write ${o.output}: ${(e as Error).message}\n`);
    return 1;
  }
  const s = result.stats;
  if (!o.quiet) {
    const flavor = o.target !== "js" ? "" : s.flavor === "both" ? " plain + asm.js" : s.flavor === "asmjs" ? " asm.js" : o.jsFlavor === "auto" ? ` plain (no asm.js: ${s.plainBecause})` : " plain";
    fs.writeSync(1, `wamrc-ts: ${input} (${s.inBytes} bytes) -> ${o.output} (${s.outBytes} bytes, target ${o.target}${flavor}, ${s.functions} functions, ` +
      `-O${o.optLevel}${o.sizeLevel ? ` -s${o.sizeLevel}` : ""}, features: ${s.features.join(" ") || "none"}${sign ? ", signed" : ""}) in ${Math.round(s.ms)} ms\n`);
  }
  return 0;
}

const invokedAs = process.argv[1] ? fs.realpathSync(process.argv[1]) : "";
if (invokedAs === fileURLToPath(import.meta.url)) {
  main(process.argv).then((code) => { process.exitCode = code; }, (e) => {
    err(`wamrc-ts: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 70;
  });
}
