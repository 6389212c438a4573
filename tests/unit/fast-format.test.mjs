// The fast interpreter's code format is defined once (interp-fast/format.mjs);
// the AS constants/encoders, the executor's generated cases and the opcode
// table of docs/fast-code-format.md are generated from it by
// interp-fast/gen.mjs. This fails when any of them is stale.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMAT_VERSION, OPS, KINDS, fixedSize } from '../../interp-fast/format.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('generated files are up to date (node interp-fast/gen.mjs)', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'interp-fast/gen.mjs'), '--check'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr + r.stdout);
});

test('the format table is well formed', () => {
  assert.ok(Number.isInteger(FORMAT_VERSION) && FORMAT_VERSION >= 1);
  const names = new Set();
  for (const o of OPS) {
    assert.ok(/^[a-z0-9_]+$/.test(o.name), o.name);
    assert.not.ok(names.has(o.name), `duplicate ${o.name}`);
    names.add(o.name);
    for (const a of o.ops) {
      const [n, k] = a.split(':');
      assert.ok(n && KINDS[k.replace('*', '')], `${o.name}: operand ${a}`);
    }
    if (o.gen?.kind === 'pair') {
      // a pair superinstruction: x's operands, then y's (made by the last pass, never retargeted)
      assert.equal(o.ops, [...o.gen.x.ops.map((a) => 'x_' + a), ...o.gen.y.ops.map((a) => 'y_' + a)], o.name);
      assert.is(fixedSize(o), fixedSize(o.gen.x) + fixedSize(o.gen.y) - 2, o.name);
      assert.ok(!o.gen.x.ops.some((a) => a.endsWith(':t') || a.endsWith(':c')), `${o.name}: the first of a pair does not branch`);
    } else {
      // a destination, when there is one, is the first operand (the translator retargets it there)
      const d = o.ops.findIndex((a) => a.endsWith(':d'));
      assert.ok(d <= 0, `${o.name}: dst must be first`);
    }
    assert.ok(fixedSize(o) % 2 === 0);
  }
  assert.ok(OPS.length < 65536);
});

test.run();
