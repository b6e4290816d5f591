/**
 * Loader for the WebAssembly SIMD kernel (minhash.wat): signatures and band hashes for a whole
 * batch in one call. One instance per thread, created on first use; its memory grows to the
 * largest batch seen and is reused. Returns undefined where WebAssembly SIMD is unavailable or the
 * built kernel is missing, and callers fall back to the TypeScript path, which gives the same bits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Permutations } from '../minhash.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  sign(sh: number, off: number, count: number, pa: number, pb: number, k: number, out: number): void;
  band(off: number, count: number, sigs: number, k: number, nb: number, rows: number, out: number): void;
}

let instance: KernelExports | null | undefined;

function kernelPath(): string | undefined {
  for (const url of [
    new URL('./minhash.wasm', import.meta.url),
    new URL('../../../dist/src/sketch/kernel/minhash.wasm', import.meta.url),
  ]) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return undefined;
}

function load(): KernelExports | null {
  const path = kernelPath();
  if (!path) return null;
  try {
    const module = new WebAssembly.Module(readFileSync(path));
    return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  } catch {
    return null; // no SIMD support in this runtime
  }
}

const align16 = (n: number) => (n + 15) & ~15;

/**
 * Signatures only (count × k into out), for benchmarks and callers that keep signatures; the
 * engine uses `wasmSignAndBand`.
 */
export function wasmSign():
  | ((
      shingles: Uint32Array,
      offsets: Uint32Array,
      count: number,
      perms: Permutations,
      out: Uint32Array,
    ) => void)
  | undefined {
  if (instance === undefined) instance = load();
  const k = instance;
  if (!k) return undefined;
  return (shingles, offsets, count, perms, out) => {
    const perm = perms.a.length;
    const pOff = align16(shingles.length * 4);
    const pA = align16(pOff + (count + 1) * 4);
    const pB = pA + perm * 4;
    const pSig = align16(pB + perm * 4);
    const need = pSig + count * perm * 4;
    const have = k.memory.buffer.byteLength;
    if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
    const mem = new Uint32Array(k.memory.buffer);
    mem.set(shingles, 0);
    mem.set(offsets.subarray(0, count + 1), pOff / 4);
    mem.set(perms.a, pA / 4);
    mem.set(perms.b, pB / 4);
    k.sign(0, pOff, count, pA, pB, perm, pSig);
    out.set(new Uint32Array(k.memory.buffer, pSig, count * perm));
  };
}

/** The kernel's sign-and-band entry point, or undefined when it cannot run here. */
export function wasmSignAndBand():
  | ((
      shingles: Uint32Array,
      offsets: Uint32Array,
      count: number,
      perms: Permutations,
      bands: number,
      rows: number,
      out: Uint32Array,
    ) => void)
  | undefined {
  if (instance === undefined) instance = load();
  const k = instance;
  if (!k) return undefined;
  return (shingles, offsets, count, perms, bands, rows, out) => {
    const perm = perms.a.length;
    // Byte layout: shingles | offsets | a | b | signatures | band hashes, each 16-byte aligned.
    const pSh = 0;
    const pOff = align16(pSh + shingles.length * 4);
    const pA = align16(pOff + (count + 1) * 4);
    const pB = pA + perm * 4;
    const pSig = align16(pB + perm * 4);
    const pBand = align16(pSig + count * perm * 4);
    const need = pBand + count * bands * 4;
    const have = k.memory.buffer.byteLength;
    if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
    const mem = new Uint32Array(k.memory.buffer);
    mem.set(shingles, pSh / 4);
    mem.set(offsets.subarray(0, count + 1), pOff / 4);
    mem.set(perms.a, pA / 4);
    mem.set(perms.b, pB / 4);
    k.sign(pSh, pOff, count, pA, pB, perm, pSig);
    k.band(pOff, count, pSig, perm, bands, rows, pBand);
    out.set(new Uint32Array(k.memory.buffer, pBand, count * bands));
  };
}
