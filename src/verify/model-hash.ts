/**
 * A model's identity: the SHA-256 of its weights (keys in sorted order, so the same weights give the
 * same hash however a file orders them), cut to 16 hex digits. A snapshot or a Redis index records
 * it, so a process deciding with another model is refused rather than mixing two decisions in one
 * index.
 */
import { createHash } from 'node:crypto';
import type { ModelWeights } from './model.js';
import { bundledModel } from './model.js';

/** JSON with every object's keys sorted. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * @example modelHash(bundledModel()!.weights) // '3f1c…' (16 hex digits)
 */
export function modelHash(w: ModelWeights): string {
  return createHash('sha256').update(canonical(w)).digest('hex').slice(0, 16);
}

/** The hash with what it is, for messages: `3f1c… (the bundled model)` or `3f1c… (a --model file)`. */
export function describeModel(hash: string | null | undefined): string {
  if (hash === null || hash === undefined) return 'no model (the rules decide)';
  const bundled = bundledModel();
  return bundled !== null && modelHash(bundled.weights) === hash
    ? `${hash} (the bundled model)`
    : `${hash} (a model of its own: --model FILE)`;
}
