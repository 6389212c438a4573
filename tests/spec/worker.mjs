/**
 * Worker thread of the spec runner: converts (or reads from the cache) and
 * runs the .wast files the main thread sends, one at a time.
 *
 * workerData: { engine, core, coreDir, stackSize, progress } where `progress` is a
 * SharedArrayBuffer the worker keeps current (see PROGRESS in harness.mjs), so the
 * main thread can still report what was done if a file times out.
 *
 * Messages in:  { file }            (absolute path of a .wast file)
 * Messages out: { file, result }    (harness result, plus `commands`)
 *               { file, error }     (conversion or engine setup failed)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { createEngine } from "./engines.mjs";
import { PROGRESS, runScript } from "./harness.mjs";
import { convertCached } from "./wast2json.mjs";

const progress = new Int32Array(workerData.progress);
const enginePromise = createEngine(workerData.engine, { core: workerData.core, coreDir: workerData.coreDir, stackSize: workerData.stackSize });
enginePromise.catch(() => {}); // reported per file by the handler below, not as an unhandled rejection

parentPort.on("message", async ({ file }) => {
  try {
    progress.fill(0);
    const { dir, json } = await convertCached(file);
    const engine = await enginePromise;
    const ctx = await engine.newContext();
    progress[PROGRESS.total] = json.commands.length;
    const result = runScript({
      json,
      ctx,
      readModule: (name) => readFileSync(join(dir, name)),
      onProgress(index, cmd, counts) {
        progress[PROGRESS.passed] = counts.passed;
        progress[PROGRESS.failed] = counts.failed;
        progress[PROGRESS.na] = counts.na;
        progress[PROGRESS.mismatches] = counts.mismatches;
        progress[PROGRESS.index] = index;
        progress[PROGRESS.line] = cmd.line;
      },
    });
    parentPort.postMessage({ file, result: { ...result, commands: json.commands.length } });
  } catch (e) {
    parentPort.postMessage({ file, error: e?.stack ?? String(e) });
  }
});
