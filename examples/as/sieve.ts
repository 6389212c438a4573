// sieve.ts - Sieve of Eratosthenes (i32 loops, i64 sum, byte array in
// linear memory).
//
//   sieve [LIMIT]        default LIMIT 1000000
//
// Prints the number of primes below LIMIT, the largest of them, their sum
// (as a 64-bit integer), the number of twin-prime pairs below LIMIT and the
// last five primes.
//
// Expected output (default):
//   primes below 1000000: 78498
//   largest: 999983
//   sum: 37550402023
//   twin pairs: 8169
//   last five: 999953 999959 999961 999979 999983
// Exit status 0; 2 when LIMIT is not a number >= 3.
import { print, printErr, exit, args } from "./wasi";

const argv = args();
let limit = 1000000;
if (argv.length > 1) {
  limit = I32.parseInt(argv[1]);
  if (limit < 3) {
    printErr("sieve: LIMIT must be a number >= 3\n");
    exit(2);
  }
}

const composite = new Uint8Array(limit);
for (let i = 2; i * i < limit; i++) {
  if (composite[i]) continue;
  for (let j = i * i; j < limit; j += i) composite[j] = 1;
}

let count = 0;
let sum: i64 = 0;
let twins = 0;
let largest = 0;
const last = new StaticArray<i32>(5);
for (let i = 2; i < limit; i++) {
  if (composite[i]) continue;
  count++;
  sum += i;
  if (i >= 5 && !composite[i - 2]) twins++;
  largest = i;
  last[count % 5] = i;
}

print("primes below " + limit.toString() + ": " + count.toString() + "\n");
print("largest: " + largest.toString() + "\n");
print("sum: " + sum.toString() + "\n");
print("twin pairs: " + twins.toString() + "\n");
let tail = "";
const shown = min(count, 5);
for (let k = shown - 1; k >= 0; k--) {
  tail += (k == shown - 1 ? "" : " ") + last[(count - k) % 5].toString();
}
print("last five: " + tail + "\n");
