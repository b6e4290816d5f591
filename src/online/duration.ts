/**
 * Durations as people write them for time windows: `48h`, `30m`, `7d`, `90s`, `500ms`, or a
 * number of milliseconds.
 */
const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Milliseconds in a duration.
 * @example parseDuration('48h') // 172800000
 */
export function parseDuration(value: string | number, name = 'window'): number {
  if (typeof value === 'number') {
    if (!(value > 0) || !Number.isFinite(value))
      throw new RangeError(`${name} must be a positive number of milliseconds; got ${value}`);
    return value;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i.exec(value);
  if (!m)
    throw new RangeError(
      `${name} must be a duration such as 48h, 30m, 7d or 500ms; got ${JSON.stringify(value)}`,
    );
  const ms = Number(m[1]) * UNITS[m[2].toLowerCase()];
  if (!(ms > 0)) throw new RangeError(`${name} must be longer than zero; got ${JSON.stringify(value)}`);
  return ms;
}

/**
 * A duration as `parseDuration` reads it: the largest unit that divides it (48h, 7d, 90s, 1500ms).
 * @example formatDuration(172_800_000) // '48h' (2d would be as true; hours read better up to 3 days)
 */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['w', UNITS.w],
    ['d', UNITS.d],
    ['h', UNITS.h],
    ['m', UNITS.m],
    ['s', UNITS.s],
  ] as const) {
    // Whole days from 4 days up; below that hours (a 48h window is usually said so).
    if (ms % size === 0 && (unit !== 'd' || ms >= 4 * size) && (unit !== 'w' || ms >= 2 * size))
      return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
