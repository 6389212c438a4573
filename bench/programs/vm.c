/* vm: a small bytecode interpreter, branchy dispatch (br_table) code.
 *
 * A stack machine with 8 registers, a 32-bit wrapping value stack and its own
 * memory of words.  Its programs, assembled at startup, run on N = SCALE:
 *   1. count the primes below N by trial division (odd divisors d, d*d <= x);
 *   2. count them again with a sieve of Eratosthenes in VM memory;
 *   3. sum the Collatz step counts of 1 .. min(N/8, 100000) - 1.
 * Prints the three results and the number of VM instructions executed.
 */
#include <stdint.h>
#include <string.h>
#include "common.h"

enum {
  OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_DIVU, OP_REMU,
  OP_LTU, OP_LEU, OP_EQ, OP_JMP, OP_JZ, OP_JNZ, OP_DUP, OP_POP, OP_MLOAD, OP_MSTORE,
  OP_AND, OP_SHR, OP_INC,
};

#define MAXCODE 512
static int32_t code[MAXCODE];
static int ncode;
static int32_t labels[32];
static int fix_at[64], fix_label[64], nfix;

static void op(int32_t o) { code[ncode++] = o; }
static void opi(int32_t o, int32_t imm) { code[ncode++] = o; code[ncode++] = imm; }
static void jump(int32_t o, int label) { code[ncode++] = o; fix_at[nfix] = ncode; fix_label[nfix++] = label; code[ncode++] = 0; }
static void label(int l) { labels[l] = ncode; }
static void begin(void) { ncode = 0; nfix = 0; }
static void end(void) { for (int i = 0; i < nfix; i++) code[fix_at[i]] = labels[fix_label[i]]; }

static uint32_t *vmem;
static uint64_t executed;

/* Runs `code` with registers r[0..7] preset; returns the value on top of the stack at HALT. */
__attribute__((noinline)) static uint32_t run(uint32_t *r) {
  uint32_t stack[64];
  int sp = 0, pc = 0;
  uint64_t count = 0;
  for (;;) {
    int32_t o = code[pc++];
    count++;
    switch (o) {
      case OP_HALT: executed += count; return sp ? stack[sp - 1] : 0;
      case OP_PUSH: stack[sp++] = (uint32_t)code[pc++]; break;
      case OP_LOAD: stack[sp++] = r[code[pc++]]; break;
      case OP_STORE: r[code[pc++]] = stack[--sp]; break;
      case OP_INC: r[code[pc++]]++; break;
      case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case OP_DIVU: sp--; stack[sp - 1] /= stack[sp]; break;
      case OP_REMU: sp--; stack[sp - 1] %= stack[sp]; break;
      case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
      case OP_SHR: sp--; stack[sp - 1] >>= (stack[sp] & 31); break;
      case OP_LTU: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case OP_LEU: sp--; stack[sp - 1] = stack[sp - 1] <= stack[sp]; break;
      case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case OP_JMP: pc = code[pc]; break;
      case OP_JZ: pc = stack[--sp] == 0 ? code[pc] : pc + 1; break;
      case OP_JNZ: pc = stack[--sp] != 0 ? code[pc] : pc + 1; break;
      case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case OP_POP: sp--; break;
      case OP_MLOAD: stack[sp - 1] = vmem[stack[sp - 1]]; break;
      case OP_MSTORE: sp -= 2; vmem[stack[sp]] = stack[sp + 1]; break;   /* addr value -- */
      default: fprintf(stderr, "bad opcode %d at %d\n", o, pc - 1); exit(1);
    }
  }
}

/* r0 = N; result: number of primes < N (trial division). r1 x, r2 d, r3 count. */
static void asm_trial(void) {
  begin();
  opi(OP_PUSH, 0); opi(OP_STORE, 3);
  /* count 2 if N > 2 */
  opi(OP_PUSH, 2); opi(OP_LOAD, 0); op(OP_LTU); jump(OP_JZ, 9); opi(OP_INC, 3);
  opi(OP_PUSH, 3); opi(OP_STORE, 1);
  label(0);                                    /* for x = 3; x < N; x += 2 */
  opi(OP_LOAD, 1); opi(OP_LOAD, 0); op(OP_LTU); jump(OP_JZ, 9);
  opi(OP_PUSH, 3); opi(OP_STORE, 2);
  label(1);                                    /* for d = 3; d*d <= x; d += 2 */
  opi(OP_LOAD, 2); op(OP_DUP); op(OP_MUL); opi(OP_LOAD, 1); op(OP_LEU); jump(OP_JZ, 2);
  opi(OP_LOAD, 1); opi(OP_LOAD, 2); op(OP_REMU); jump(OP_JZ, 3);
  opi(OP_LOAD, 2); opi(OP_PUSH, 2); op(OP_ADD); opi(OP_STORE, 2); jump(OP_JMP, 1);
  label(2); opi(OP_INC, 3);                    /* prime */
  label(3);                                    /* next x */
  opi(OP_LOAD, 1); opi(OP_PUSH, 2); op(OP_ADD); opi(OP_STORE, 1); jump(OP_JMP, 0);
  label(9); opi(OP_LOAD, 3); op(OP_HALT);
  end();
}

/* r0 = N; sieve in vmem[0..N); result: number of primes < N. r1 i, r2 j, r3 count. */
static void asm_sieve(void) {
  begin();
  opi(OP_PUSH, 0); opi(OP_STORE, 1);
  label(0);                                    /* clear: vmem[i] = 1 */
  opi(OP_LOAD, 1); opi(OP_LOAD, 0); op(OP_LTU); jump(OP_JZ, 1);
  opi(OP_LOAD, 1); opi(OP_PUSH, 1); op(OP_MSTORE); opi(OP_INC, 1); jump(OP_JMP, 0);
  label(1);
  opi(OP_PUSH, 2); opi(OP_STORE, 1); opi(OP_PUSH, 0); opi(OP_STORE, 3);
  label(2);                                    /* for i = 2; i < N; i++ */
  opi(OP_LOAD, 1); opi(OP_LOAD, 0); op(OP_LTU); jump(OP_JZ, 9);
  opi(OP_LOAD, 1); op(OP_MLOAD); jump(OP_JZ, 5);
  opi(OP_INC, 3);
  opi(OP_LOAD, 1); op(OP_DUP); op(OP_MUL); opi(OP_STORE, 2);
  label(3);                                    /* for j = i*i; j < N; j += i (i*i may wrap: check i <= N/i) */
  opi(OP_LOAD, 1); opi(OP_LOAD, 0); opi(OP_LOAD, 1); op(OP_DIVU); op(OP_LEU); jump(OP_JZ, 5);
  label(4);
  opi(OP_LOAD, 2); opi(OP_LOAD, 0); op(OP_LTU); jump(OP_JZ, 5);
  opi(OP_LOAD, 2); opi(OP_PUSH, 0); op(OP_MSTORE);
  opi(OP_LOAD, 2); opi(OP_LOAD, 1); op(OP_ADD); opi(OP_STORE, 2); jump(OP_JMP, 4);
  label(5); opi(OP_INC, 1); jump(OP_JMP, 2);
  label(9); opi(OP_LOAD, 3); op(OP_HALT);
  end();
}

/* r0 = M; result: sum over i in [1, M) of the Collatz steps of i. r1 i, r2 x, r3 total. */
static void asm_collatz(void) {
  begin();
  opi(OP_PUSH, 0); opi(OP_STORE, 3); opi(OP_PUSH, 1); opi(OP_STORE, 1);
  label(0);
  opi(OP_LOAD, 1); opi(OP_LOAD, 0); op(OP_LTU); jump(OP_JZ, 9);
  opi(OP_LOAD, 1); opi(OP_STORE, 2);
  label(1);
  opi(OP_LOAD, 2); opi(OP_PUSH, 1); op(OP_EQ); jump(OP_JNZ, 4);
  opi(OP_INC, 3);
  opi(OP_LOAD, 2); opi(OP_PUSH, 1); op(OP_AND); jump(OP_JNZ, 2);
  opi(OP_LOAD, 2); opi(OP_PUSH, 1); op(OP_SHR); opi(OP_STORE, 2); jump(OP_JMP, 1);
  label(2);
  opi(OP_LOAD, 2); opi(OP_PUSH, 3); op(OP_MUL); opi(OP_PUSH, 1); op(OP_ADD); opi(OP_STORE, 2); jump(OP_JMP, 1);
  label(4); opi(OP_INC, 1); jump(OP_JMP, 0);
  label(9); opi(OP_LOAD, 3); op(OP_HALT);
  end();
}

int main(int argc, char **argv) {
  long n = bench_scale(argc, argv, 130000);
  if (n > 100000000) { fprintf(stderr, "vm: SCALE at most 100000000\n"); return 2; }
  vmem = malloc(sizeof(uint32_t) * (size_t)n);
  if (!vmem) { fprintf(stderr, "out of memory\n"); return 1; }
  uint32_t r[8];

  asm_trial();
  memset(r, 0, sizeof r); r[0] = (uint32_t)n;
  uint32_t trial = run(r);

  asm_sieve();
  memset(r, 0, sizeof r); r[0] = (uint32_t)n;
  uint32_t sieve = run(r);

  long m = n / 8 < 100000 ? n / 8 : 100000;
  asm_collatz();
  memset(r, 0, sizeof r); r[0] = (uint32_t)m;
  uint32_t collatz = run(r);

  printf("vm N=%ld: primes (trial) %u primes (sieve) %u collatz steps below %ld: %u, %llu instructions\n",
         n, trial, sieve, m, collatz, (unsigned long long)executed);
  return trial == sieve ? 0 : 1;
}
