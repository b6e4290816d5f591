/**
 * Argument parsers for commander options: each rejects a bad value with a message that names the
 * flag and the rule, which commander turns into a usage error (exit 2).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { ModelWeights } from '../verify/model.js';
import { checkThreads } from '../engine/pool.js';

export function parseNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${flag} takes a number; got "${value}"`);
    return n;
  };
}

export function parseInteger(flag: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min)
      throw new InvalidArgumentError(`${flag} takes a whole number ≥ ${min}; got "${value}"`);
    return n;
  };
}

/** The file each --model value was read from, so a command can name the model it used. */
export const MODEL_FILES = new WeakMap<ModelWeights, string>();

/** --model FILE: the weights a model file holds (`neardup train` or `npm run train` writes one). */
export function parseModelFile(flag: string): (value: string) => ModelWeights {
  return (value) => {
    let text: string;
    try {
      text = readFileSync(value, 'utf8');
    } catch (e) {
      throw new InvalidArgumentError(
        `${flag} ${value}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    try {
      const weights = JSON.parse(text) as ModelWeights;
      if (weights !== null && typeof weights === 'object') MODEL_FILES.set(weights, value);
      return weights;
    } catch (e) {
      throw new InvalidArgumentError(`${flag} ${value}: not a model file (JSON): ${(e as Error).message}`);
    }
  };
}

export function parseChoice<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!choices.includes(value as T))
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}; got "${value}"`);
    return value as T;
  };
}

/** --threads: a whole number from 1 to maxThreads() (4 per core), refused before any input is read. */
export function parseThreads(flag: string): (value: string) => number {
  const whole = parseInteger(flag, 1);
  return (value) => {
    const n = whole(value);
    try {
      checkThreads(n, flag);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    return n;
  };
}
