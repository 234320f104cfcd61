/**
 * The first row of each natural key in an import file, in a few bytes per key: a 64-bit hash of
 * the key in an open-addressing table of typed arrays, so a file of a million rows needs about
 * 24 MB instead of a Map of a million strings. Two different keys share a hash with odds of
 * about 1 in 10^7 for a million keys; such a row would be refused as a repeat, never merged.
 */
export class ImportKeyRegistry {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private rows = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The row that first had this key, or undefined after recording `rowNumber` (> 0) as its first. */
  firstRowOrAdd(key: string, rowNumber: number): number | undefined {
    const [high, low] = hash64(key);
    const mask = this.rows.length - 1;
    for (let slot = (low ^ high) & mask; ; slot = (slot + 1) & mask) {
      const row = this.rows[slot]!;
      if (row === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        this.rows[slot] = rowNumber;
        this.count += 1;
        if (this.count * 2 > this.rows.length) this.grow();
        return undefined;
      }
      if (this.high[slot] === high && this.low[slot] === low) return row;
    }
  }

  private grow(): void {
    const { high, low, rows } = this;
    this.high = new Uint32Array(rows.length * 2);
    this.low = new Uint32Array(rows.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    const mask = this.rows.length - 1;
    for (let index = 0; index < rows.length; index += 1) {
      if (rows[index] === 0) continue;
      let slot = (low[index]! ^ high[index]!) & mask;
      while (this.rows[slot] !== 0) slot = (slot + 1) & mask;
      this.high[slot] = high[index]!;
      this.low[slot] = low[index]!;
      this.rows[slot] = rows[index]!;
    }
  }
}

/** Two independent 32-bit multiplicative hashes of the string's UTF-16 units. */
function hash64(text: string): [number, number] {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    first = Math.imul(first ^ unit, 2654435761);
    second = Math.imul(second ^ unit, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507) ^ Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507) ^ Math.imul(first ^ (first >>> 13), 3266489909);
  return [first >>> 0, second >>> 0];
}
