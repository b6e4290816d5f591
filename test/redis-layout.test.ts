/**
 * The shared store's layout, without a server: cluster slots as redis-server computes them, item
 * records that read back exactly, and band buckets that keep every hash apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../src/online/item-record.js';
import { keySlot } from '../src/online/key-slot.js';
import { fieldOf, groupOf, handleOf, RedisLayout } from '../src/online/redis-layout.js';

describe('keySlot', () => {
  it('is CRC-16/XMODEM mod 16384, of the hash tag when there is one', () => {
    // The Redis Cluster specification's check value: CRC16('123456789') = 0x31C3.
    expect(keySlot('123456789')).toBe(0x31c3);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('{feed:g7}:i')).toBe(keySlot('{feed:g7}:t'));
    expect(keySlot('{feed:g7}:i')).toBe(keySlot('feed:g7'));
    expect(keySlot('{}x')).toBe(keySlot('{}x')); // an empty tag: the whole key counts
    expect(keySlot('{}x')).not.toBe(keySlot('x'));
  });
});

describe('item records', () => {
  it('read back exactly, dates missing, equal to the time, or not whole', () => {
    const num = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 53 - 1 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.string(),
        num,
        fc.oneof(num, fc.constant(Number.NaN)),
        num,
        fc.boolean(),
        (id, text, bodyText, time, date, seq, dateIsTime) => {
          const r = { id, text, bodyText, time, date: dateIsTime ? time : date, seq };
          expect(decodeRecord(encodeRecord(r))).toEqual(r);
        },
      ),
    );
  });

  it('keep a headline in a few dozen bytes', () => {
    const r = {
      id: 'weibo-2020-11-24-0',
      text: '60秒盘点嫦娥系列探测器发射瞬间',
      bodyText: '',
      time: Date.UTC(2020, 10, 24),
      date: Date.UTC(2020, 10, 24),
      seq: 1_795_810_770_123_456,
    };
    expect(encodeRecord(r).length).toBeLessThan(2 + 18 + 1 + 45 + 1 + 1 + 6 + 8 + 1);
  });
});

describe('RedisLayout', () => {
  it('splits handles into group and field, and a band hash into bucket and score', () => {
    expect(groupOf(handleOf(4095, 12345))).toBe(4095);
    expect(fieldOf(handleOf(4095, 12345))).toBe(12345);
    const l = new RedisLayout('feed', 16384);
    const a = l.band(3, 0xdeadbeef);
    expect(a.key).toBe(`feed:b3:${0xdeadbeef % 16384}`);
    expect(a.score * 16384 + (0xdeadbeef % 16384)).toBe(0xdeadbeef);
    expect(l.band(4, 0xdeadbeef).key).not.toBe(a.key);
    expect(l.items(7)).toBe('{feed:g7}:i');
  });
});
