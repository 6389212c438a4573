// reactor.ts - a tiny reactor module (no _start, no imports) whose exports
// can be called directly, e.g. with `iwasm-ts -f fib reactor.wasm 20`.
//
//   add(a: i32, b: i32): i32      add 2 3          -> 5
//   fib(n: i32): i32              fib 20           -> 6765  (iterative)
//   fib_rec(n: i32): i32          fib_rec 20       -> 6765  (recursive, many calls)
//   fac(n: i64): i64              fac 20           -> 2432902008176640000
//   hypot(x: f64, y: f64): f64    hypot 3 4        -> 5
//   div(a: i32, b: i32): i32      div 7 0          -> traps: integer divide by zero

export function add(a: i32, b: i32): i32 {
  return a + b;
}

export function fib(n: i32): i32 {
  let a = 0, b = 1;
  for (let i = 0; i < n; i++) {
    const t = a + b;
    a = b;
    b = t;
  }
  return a;
}

export function fib_rec(n: i32): i32 {
  return n < 2 ? n : fib_rec(n - 1) + fib_rec(n - 2);
}

export function fac(n: i64): i64 {
  let r: i64 = 1;
  for (let i: i64 = 2; i <= n; i++) r *= i;
  return r;
}

export function hypot(x: f64, y: f64): f64 {
  return Math.sqrt(x * x + y * y);
}

export function div(a: i32, b: i32): i32 {
  return a / b;
}
