/**
 * The Redis Cluster slot of a key (CRC-16/XMODEM of the key, or of its `{hash tag}`, mod 16384), so
 * the shared store can group a query's commands by the node that serves them and send one pipeline
 * per node. The same function as redis-server's `keyHashSlot` (cluster.c); computed here rather than
 * imported from ioredis's own dependency, which this package does not declare.
 */

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

function crc16(bytes: Buffer, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff];
  return crc;
}

/**
 * The cluster slot (0…16383) of a key: only the part between the first `{` and the next `}` counts
 * when that part is not empty, so keys sharing a tag share a slot.
 * @example keySlot('{feed:g7}:i') === keySlot('{feed:g7}:t') // true
 */
export function keySlot(key: string): number {
  const b = Buffer.from(key, 'utf8');
  const open = b.indexOf(0x7b);
  if (open !== -1) {
    const close = b.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(b, open + 1, close) & 0x3fff;
  }
  return crc16(b, 0, b.length) & 0x3fff;
}
