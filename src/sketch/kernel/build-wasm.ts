/**
 * Build step: compiles the hand-written WAT kernels in src/sketch/kernel to WebAssembly with wabt (an npm
 * package, so nothing is downloaded), writing them beside the compiled loader in dist/.
 * Run by `npm run build` after tsc.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url)); // dist/src/sketch/kernel
const source = join(here, '..', '..', '..', '..', 'src', 'sketch', 'kernel', 'minhash.wat');

type Wabt = {
  parseWat(
    name: string,
    text: string,
    features: Record<string, boolean>,
  ): {
    resolveNames(): void;
    validate(): void;
    toBinary(o: Record<string, boolean>): { buffer: Uint8Array };
  };
};
const wabt = (await (require('wabt') as () => Promise<Wabt>)()) as Wabt;
const mod = wabt.parseWat('minhash.wat', readFileSync(source, 'utf8'), { simd: true });
mod.resolveNames();
mod.validate();
const { buffer } = mod.toBinary({ log: false, write_debug_names: false });
writeFileSync(join(here, 'minhash.wasm'), buffer);
// Quiet on success, like the compiler before it.
