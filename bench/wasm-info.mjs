// Section sizes of a wasm binary: the code section (the function bodies, the
// bytecode an interpreter runs or translates), function count, and whether a
// name section is present.
function leb(bytes, pos) {
  let result = 0, shift = 0, b;
  do {
    b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [result, pos];
}

export function wasmInfo(bytes) {
  const info = { total: bytes.length, codeBytes: 0, functions: 0, hasNames: false, sections: [] };
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++];
    let size;
    [size, pos] = leb(bytes, pos);
    const start = pos;
    let name = String(id);
    if (id === 0) {
      let n;
      [n, pos] = leb(bytes, pos);
      name = new TextDecoder().decode(bytes.subarray(pos, pos + n));
      if (name === 'name') info.hasNames = true;
    } else if (id === 10) {
      info.codeBytes = size;
      [info.functions] = leb(bytes, start);
    }
    info.sections.push({ id, name, size });
    pos = start + size;
  }
  return info;
}
