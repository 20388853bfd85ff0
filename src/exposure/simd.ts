/**
 * The kernel's pair loops in WebAssembly SIMD: two groups in the two f64 lanes of one f64x2
 * register, so one vector multiply-add does what the JavaScript pair loop does in two. The module is
 * assembled here from its instructions (a few hundred bytes, no build step and no dependency) and
 * compiled on first use; where WebAssembly SIMD is unavailable the kernel keeps its JavaScript loops.
 *
 * Memory layout (one instance per thread), in bytes:
 *
 * | offset | contents |
 * |---|---|
 * | 0 | a block's parameters, f64x2 each (lane 0 = group a, lane 1 = group b) |
 * | 256 | the grid, 3 doubles per point: x_k, Q_k, L_k (see kernel.ts) |
 * | 256 + 24m | the pair accumulator, 6 doubles per point: gamma a, b; vanna a, b; charm a, b |
 *
 * The loops are the same recurrences, in the same order of operations, as kernel.ts's JavaScript
 * ones (WebAssembly has no fused multiply-add in this profile, so rounding matches them).
 *
 * @module
 */
import type { KernelGrid } from "./kernel.js";

// ---- a minimal WebAssembly assembler: LEB128, sections, the opcodes the loops use ----
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const I32 = 0x7f;
const V128 = 0x7b;
const lget = (i: number): number[] => [0x20, ...uleb(i)];
const lset = (i: number): number[] => [0x21, ...uleb(i)];
const ltee = (i: number): number[] => [0x22, ...uleb(i)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const I32ADD = [0x6a];
const I32SUB = [0x6b];
const I32EQZ = [0x45];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const brIf = (depth: number): number[] => [0x0d, ...uleb(depth)];
const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const vload = (offset: number): number[] => [...simd(0), 4, ...uleb(offset)];
const vstore = (offset: number): number[] => [...simd(11), 4, ...uleb(offset)];
const splatLoad = (offset: number): number[] => [...simd(10), 3, ...uleb(offset)]; // v128.load64_splat
const ADD = simd(240);
const MUL = simd(242);

interface Func {
  name: string;
  params: number;
  locals: number;
  body: number[][];
}

function assemble(funcs: Func[]): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 0x00]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(types)),
    ...section(2, vec([[...name("env"), ...name("mem"), 0x02, 0x00, 0x01]])),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(funcs.map((f) => {
      const body = [...vec([[...uleb(f.locals), V128]]), ...f.body.flat(), ...END];
      return [...uleb(body.length), ...body];
    }))),
  ];
  return new Uint8Array(bytes);
}

// ---- the loops ----
// parameters (i32): acc byte offset of the block's first point, point count, grid byte offset of the
// first point (Taylor loops only); block parameters are read from offset 0
const ACC = 0;
const N = 1;
const GRD = 2;

/** log grid: params f, rho, d2, del, cst, cg, cv, c0, c1 (offsets 0, 16, …, 128). */
function logPairFunc(): Func {
  const [F, RHO, D2, DEL, CST, CG, CV, C0, C1, FD] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const load = (local: number, k: number): number[] => [...i32c(0), ...vload(16 * k), ...lset(local)];
  return {
    name: "logPair", params: 2, locals: 10,
    body: [
      load(F, 0), load(RHO, 1), load(D2, 2), load(DEL, 3), load(CST, 4), load(CG, 5), load(CV, 6), load(C0, 7), load(C1, 8),
      BLOCK, lget(N), I32EQZ, brIf(0), LOOP,
      lget(F), lget(D2), MUL, lset(FD),
      lget(ACC), lget(ACC), vload(0), lget(CG), lget(F), MUL, ADD, vstore(0),
      lget(ACC), lget(ACC), vload(16), lget(CV), lget(FD), MUL, ADD, vstore(16),
      lget(ACC), lget(ACC), vload(32), lget(C0), lget(F), MUL, lget(C1), lget(FD), MUL, ADD, ADD, vstore(32),
      lget(F), lget(RHO), MUL, lset(F),
      lget(RHO), lget(CST), MUL, lset(RHO),
      lget(D2), lget(DEL), ADD, lset(D2),
      lget(ACC), i32c(48), I32ADD, lset(ACC),
      lget(N), i32c(1), I32SUB, ltee(N), brIf(0),
      END, END,
    ],
  };
}

/**
 * Any grid, Taylor steps of `degree` 3 or 5: params f, rho, is, u0s, a2, a1, cg, cv, c0, c1 and the
 * Taylor coefficients 1, ½, 1/6, 1/24, 1/120 (offsets 0, 16, …).
 */
function taylorPairFunc(degree: 3 | 5): Func {
  const [F, RHO, IS, U0S, A2, A1, CG, CV, C0, C1, ONE, H2, H3, H4, H5, FD, Y] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const load = (local: number, k: number): number[] => [...i32c(0), ...vload(16 * k), ...lset(local)];
  // 1 + y·(1 + y·(½ + y·(1/6 [+ y·(1/24 + y·1/120)])))
  const poly = degree === 3
    ? [lget(ONE), lget(Y), lget(ONE), lget(Y), lget(H2), lget(Y), lget(H3), MUL, ADD, MUL, ADD, MUL, ADD]
    : [lget(ONE), lget(Y), lget(ONE), lget(Y), lget(H2), lget(Y), lget(H3), lget(Y), lget(H4), lget(Y), lget(H5), MUL, ADD, MUL, ADD, MUL, ADD, MUL, ADD, MUL, ADD];
  return {
    name: `taylor${degree}Pair`, params: 3, locals: 17,
    body: [
      load(F, 0), load(RHO, 1), load(IS, 2), load(U0S, 3), load(A2, 4), load(A1, 5), load(CG, 6), load(CV, 7), load(C0, 8), load(C1, 9),
      load(ONE, 10), load(H2, 11), load(H3, 12), load(H4, 13), load(H5, 14),
      BLOCK, lget(N), I32EQZ, brIf(0), LOOP,
      // fd = f·(x·is + u0s)
      lget(F), lget(GRD), splatLoad(0), lget(IS), MUL, lget(U0S), ADD, MUL, lset(FD),
      lget(ACC), lget(ACC), vload(0), lget(CG), lget(F), MUL, ADD, vstore(0),
      lget(ACC), lget(ACC), vload(16), lget(CV), lget(FD), MUL, ADD, vstore(16),
      lget(ACC), lget(ACC), vload(32), lget(C0), lget(F), MUL, lget(C1), lget(FD), MUL, ADD, ADD, vstore(32),
      lget(F), lget(RHO), MUL, lset(F),
      // y = a2·Q + a1·L
      lget(A2), lget(GRD), splatLoad(8), MUL, lget(A1), lget(GRD), splatLoad(16), MUL, ADD, lset(Y),
      lget(RHO), ...poly, MUL, lset(RHO),
      lget(ACC), i32c(48), I32ADD, lset(ACC),
      lget(GRD), i32c(24), I32ADD, lset(GRD),
      lget(N), i32c(1), I32SUB, ltee(N), brIf(0),
      END, END,
    ],
  };
}

/** Byte offset of the grid region. */
export const GRID_OFFSET = 256;

/** The compiled pair loops and their memory, for one thread. */
export interface SimdEngine {
  /** points the memory holds */
  capacity: number;
  /** the memory as doubles */
  f64: Float64Array;
  /** byte offset of the pair accumulator */
  accOffset: number;
  /** the grid whose x, Q, L are loaded */
  grid: KernelGrid | null;
  logPair: (acc: number, n: number) => void;
  taylor3Pair: (acc: number, n: number, grid: number) => void;
  taylor5Pair: (acc: number, n: number, grid: number) => void;
}

/** The parts of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const WASM = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
let enabled = true;
let engine: SimdEngine | null = null;

/** The module, or null where WebAssembly SIMD is not available. */
function moduleOnce(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = assemble([logPairFunc(), taylorPairFunc(3), taylorPairFunc(5)]);
    compiled = WASM !== undefined && WASM.validate(bytes) ? new WASM.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Turn the SIMD loops on or off for this thread (on by default where available), e.g. to compare
 * them with the JavaScript loops.
 *
 * @param on - whether kernelRange may use them
 * @returns whether they are in use after the call (false where unavailable)
 * @example
 * setSimd(false); // kernelRange now runs its JavaScript loops only
 */
export function setSimd(on: boolean): boolean {
  enabled = on;
  return on && moduleOnce() !== null;
}

/**
 * Whether this thread's kernelRange may use the SIMD loops (the {@link setSimd} switch; a thread
 * where they are unavailable runs its JavaScript loops whatever it says). Worker threads take the
 * calling thread's choice with each job, so every chunk of a run takes the same loops.
 *
 * @example
 * simdSwitch(); // true unless setSimd(false) was called on this thread
 */
export function simdSwitch(): boolean {
  return enabled;
}

/**
 * The engine for a grid of `grid.m` points with that grid's x, Q, L loaded and the pair accumulator
 * zeroed, or null when SIMD is off or unavailable.
 *
 * @example
 * const e = simdEngine(kernelGrid(priceGrid({ spot: 100 }), 100)); // e?.capacity ≥ 501
 */
export function simdEngine(grid: KernelGrid): SimdEngine | null {
  if (!enabled) return null;
  const mod = moduleOnce();
  if (mod === null) return null;
  const m = grid.m;
  if (engine === null || engine.capacity < m) {
    const bytes = GRID_OFFSET + 72 * m;
    const memory = new WASM!.Memory({ initial: Math.ceil(bytes / 65536) });
    const inst = new WASM!.Instance(mod, { env: { mem: memory } });
    const ex = inst.exports as Record<string, (...args: number[]) => void>;
    engine = {
      capacity: m, f64: new Float64Array(memory.buffer), accOffset: GRID_OFFSET + 24 * m, grid: null,
      logPair: ex.logPair as SimdEngine["logPair"], taylor3Pair: ex.taylor3Pair as SimdEngine["taylor3Pair"],
      taylor5Pair: ex.taylor5Pair as SimdEngine["taylor5Pair"],
    };
  }
  const e = engine;
  if (e.grid !== grid) {
    const g = GRID_OFFSET / 8;
    for (let k = 0; k < m; k++) {
      e.f64[g + 3 * k] = grid.x[k]!;
      e.f64[g + 3 * k + 1] = grid.Q[k]!;
      e.f64[g + 3 * k + 2] = grid.L[k]!;
    }
    e.accOffset = GRID_OFFSET + 24 * m;
    e.grid = grid;
  }
  e.f64.fill(0, e.accOffset / 8, e.accOffset / 8 + 6 * m);
  return e;
}

/**
 * Add the pair accumulator's two lanes into the kernel's accumulator (3 doubles per point) and zero
 * it.
 *
 * @example
 * foldSimd(engine, acc, grid.m);
 */
export function foldSimd(e: SimdEngine, acc: Float64Array, m: number): void {
  const f = e.f64;
  const a = e.accOffset / 8;
  for (let k = 0, j = 0, i = a; k < m; k++, j += 3, i += 6) {
    acc[j] += f[i]! + f[i + 1]!;
    acc[j + 1] += f[i + 2]! + f[i + 3]!;
    acc[j + 2] += f[i + 4]! + f[i + 5]!;
  }
  f.fill(0, a, a + 6 * m);
}
