// calls: call-heavy code (AssemblyScript) - direct recursion, mutual
// recursion and indirect calls through a function table.
//
// With N = SCALE: fib(N) (naive recursion), ackermann(2, 64*N) and
// ackermann(3, 6), tak(3N/5, 2N/5, N/5) (Takeuchi), is-even/is-odd mutual
// recursion, and a fold over 1..200*N through a table of
// function references (call_indirect). Prints each result.
import { print, scaleArg } from "./wasi";

function fib(n: i32): i32 {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function ack(m: i32, n: i32): i32 {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

function tak(x: i32, y: i32, z: i32): i32 {
  if (y >= x) return z;
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

function isEven(n: u32): bool {
  return n == 0 ? true : isOdd(n - 1);
}
function isOdd(n: u32): bool {
  return n == 0 ? false : isEven(n - 1);
}

function opAdd(a: u32, b: u32): u32 { return a + b; }
function opXor(a: u32, b: u32): u32 { return (a ^ b) * 0x9E3779B1; }
function opRot(a: u32, b: u32): u32 { return rotl<u32>(a, b & 31) + b; }
function opMul(a: u32, b: u32): u32 { return a * (b | 1); }

const ops: Array<(a: u32, b: u32) => u32> = [opAdd, opXor, opRot, opMul];

function fold(n: i32): u32 {
  let acc: u32 = 1;
  for (let i = 1; i <= n; i++) {
    const f = ops[(acc ^ <u32>i) & 3];
    acc = f(acc, <u32>i);
  }
  return acc;
}

const n = scaleArg(32);
print("fib(" + n.toString() + ") = " + fib(n).toString() + "\n");
const an = 64 * n;
print("ack(2," + an.toString() + ") = " + ack(2, an).toString() + ", ack(3,6) = " + ack(3, 6).toString() + "\n");
const tx = n * 3 / 5, ty = n * 2 / 5, tz = n / 5;
print("tak(" + tx.toString() + "," + ty.toString() + "," + tz.toString() + ") = " + tak(tx, ty, tz).toString() + "\n");
let evens = 0;
for (let i = 0; i < 20 * n; i++) if (isEven(<u32>(i * 37 % 1000))) evens++;
print("even count " + evens.toString() + "\n");
print("fold " + fold(200 * n).toString() + "\n");
