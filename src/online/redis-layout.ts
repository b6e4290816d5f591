/**
 * Where the shared index keeps what, in Redis — spread over many slots so a Redis Cluster shares
 * it among its masters, and packed so a headline costs a few hundred bytes, not kilobytes:
 *
 * - **Items** live in 4,096 groups by a 32-bit hash of their id. A group is one slot (the hash tag
 *   `{P:gN}`) and holds a hash `{P:gN}:i` of records (`item-record.ts`) under small numeric fields,
 *   its item count (`#`) and the index parameters (`=`, so every shard can refuse a process with
 *   others), and, with a window, a sorted set `{P:gN}:t` of fields by time. An item's *handle* is its
 *   group and field in one 32-bit number; the field is the id hash's low 20 bits, probed onward on a
 *   collision (Lua scripts in the group's slot find, add and drop by id).
 * - **Band buckets**: the band hashes of band `b` fall in `B` sorted sets `P:bB:K` (K = hash mod B,
 *   no hash tag, so they spread over all slots); a member is an item handle, its score the rest of
 *   the band hash (hash div B). Kept small (≈ items × bands / B / bands members each), Redis stores
 *   each set as one listpack: about 11 bytes an entry, where a set per band hash cost ~150.
 */

/** Item groups: a power of two, so a handle splits into group and field by bits. */
export const GROUP_BITS = 12;
export const GROUPS = 1 << GROUP_BITS;
const FIELD_BITS = 32 - GROUP_BITS;
/** Fields per group: the span linear probing wraps within. */
export const FIELDS = 2 ** FIELD_BITS;

/**
 * Buckets per band when the index does not say: sized so 1.5 million items keep about 90 members a
 * bucket, under Redis's default `zset-max-listpack-entries` (128) past which a set costs ~6× more.
 */
export const DEFAULT_BUCKETS = 16_384;

/** The layout's version, stored with the parameters: a process of another layout is refused. */
export const LAYOUT = 2;

export class RedisLayout {
  readonly #p: string;
  readonly buckets: number;

  constructor(prefix: string, buckets: number) {
    this.#p = prefix;
    this.buckets = buckets;
  }

  /** The bucket key and score of band `band`'s hash `hash`. */
  band(band: number, hash: number): { key: string; score: number } {
    return { key: `${this.#p}:b${band}:${hash % this.buckets}`, score: Math.floor(hash / this.buckets) };
  }

  /**
   * The lock key of one band hash (check-and-add across processes): two items that could be each
   * other's candidates share one. The keys fall in LOCK_GROUPS hash-tagged groups, each one slot,
   * so one script takes all of a check's locks in a group at once (about 15 scripts for 40 band
   * hashes, not 40 commands), and the groups spread over the masters as the slots do.
   */
  lock(band: number, hash: number): { group: string; key: string } {
    const g = (hash ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0;
    const group = `{${this.#p}:l${g % LOCK_GROUPS}}`;
    return { group, key: `${group}:${band}:${hash}` };
  }

  /** The record hash of group `g`. */
  items(g: number): string {
    return `{${this.#p}:g${g}}:i`;
  }

  /** The time set of group `g` (only with a window). */
  times(g: number): string {
    return `{${this.#p}:g${g}}:t`;
  }

  /** The key where the one-slot layout (before this one) kept its parameters. */
  oldMeta(): string {
    return `{${this.#p}}:meta`;
  }

  /** Key patterns of everything this index writes (for `clear`). */
  patterns(): string[] {
    return [`${this.#p}:b*`, `{${this.#p}:g*}:*`];
  }
}

/** A handle: group in the high bits, field in the low. */
export const handleOf = (group: number, field: number): number => group * FIELDS + field;
export const groupOf = (handle: number): number => Math.floor(handle / FIELDS);
export const fieldOf = (handle: number): number => handle % FIELDS;

// Linear probing within a group: a record's field is the first, from the id's hash onward, that is
// free (no field, or '' left by a removal that had a neighbour after it) or holds that id. A
// removal leaves '' only when the next field is taken, so every probe chain stays unbroken.
const PROBE_LUA = `
local SPAN = ${FIELDS}
local function idOf(v)
  local n = v:byte(1) * 256 + v:byte(2)
  return v:sub(3, 2 + n)
end
local function find(key, start, id)
  local free = nil
  for i = 0, SPAN - 1 do
    local s = (start + i) % SPAN
    local v = redis.call('HGET', key, s)
    if not v then return nil, free or s end
    if v == '' then
      free = free or s
    elseif idOf(v) == id then
      return s, v
    end
  end
  return nil, free
end
local function drop(items, times, s)
  if redis.call('HEXISTS', items, (s + 1) % SPAN) == 1 then
    redis.call('HSET', items, s, '')
  else
    redis.call('HDEL', items, s)
  end
  redis.call('HINCRBY', items, '#', -1)
  redis.call('ZREM', times, s)
end
`;

/** KEYS: items, times; ARGV: start field, id, record, time ('' for no time set). → {field, previous record or ''} */
export const PUT_LUA = `${PROBE_LUA}
local found, v = find(KEYS[1], tonumber(ARGV[1]), ARGV[2])
local field, previous = found, v
if not found then
  if v == nil then return redis.error_reply('neardup: item group ' .. KEYS[1] .. ' is full') end
  field, previous = v, ''
  redis.call('HINCRBY', KEYS[1], '#', 1)
end
redis.call('HSET', KEYS[1], field, ARGV[3])
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], field) end
return {field, previous}
`;

/** KEYS: items, times; ARGV: start field, id. → {field, record} or {} */
export const REMOVE_LUA = `${PROBE_LUA}
local found, v = find(KEYS[1], tonumber(ARGV[1]), ARGV[2])
if not found then return {} end
drop(KEYS[1], KEYS[2], found)
return {found, v}
`;

/** KEYS: items; ARGV: start field, id. → {field, record} or {} */
export const FIND_LUA = `${PROBE_LUA}
local found, v = find(KEYS[1], tonumber(ARGV[1]), ARGV[2])
if not found then return {} end
return {found, v}
`;

/** KEYS: items, times; ARGV: before (exclusive), at most how many. → {field, record, field, record, …} */
export const EVICT_LUA = `${PROBE_LUA}
local out = {}
for _, s in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))) do
  local v = redis.call('HGET', KEYS[1], s)
  if v and v ~= '' then
    drop(KEYS[1], KEYS[2], tonumber(s))
    out[#out + 1] = s
    out[#out + 1] = v
  else
    redis.call('ZREM', KEYS[2], s)
  end
end
return out
`;

/** Lock key groups (one slot each): see `RedisLayout.lock`. */
export const LOCK_GROUPS = 16;

/**
 * Takes every lock key given (one slot), all or none: 1 when all were free and are now this
 * holder's (ARGV[1]) for ARGV[2] ms, 0 when any is held.
 */
export const LOCK_LUA = `for _, k in ipairs(KEYS) do if redis.call('exists', k) == 1 then return 0 end end
for _, k in ipairs(KEYS) do redis.call('set', k, ARGV[1], 'PX', ARGV[2]) end
return 1`;

/** Deletes the lock keys given that still hold this holder's token (one that expired and was taken by another stays). */
export const UNLOCK_LUA = `local n = 0
for _, k in ipairs(KEYS) do if redis.call('get', k) == ARGV[1] then n = n + redis.call('del', k) end end
return n`;
