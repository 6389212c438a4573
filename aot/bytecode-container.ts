/**
 * What core/runtime.ts needs of the .aot container to load `bytecode` files
 * (aot/format.ts). Its own module so that bundles of builds without
 * AOT_LOADER replace it with a stub (build-config/build-preset.mjs) and carry
 * no format reader.
 */
export { isAot, readAotChecked } from "./format.js";
