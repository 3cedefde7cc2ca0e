/** Growable typed arrays: one number per annotation slot, a few bytes each, so a million answers stay a few megabytes. */

/** A growable Int32Array. */
export class IntColumn {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  /** Appends a value; returns its index. */
  push(value: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }

  /** Makes room for `n` values and sets them to `fill`. */
  extend(n: number, fill: number): void {
    if (n <= this.length) return;
    this.grow(n);
    this.data.fill(fill, this.length, n);
    this.length = n;
  }

  private grow(min: number): void {
    let capacity = this.data.length * 2;
    while (capacity < min) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A growable Float64Array. */
export class FloatColumn {
  data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  /** Makes room for `n` values and sets them to `fill`. */
  extend(n: number, fill: number): void {
    if (n <= this.length) return;
    let capacity = this.data.length;
    while (capacity < n) capacity *= 2;
    if (capacity !== this.data.length) {
      const next = new Float64Array(capacity);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.fill(fill, this.length, n);
    this.length = n;
  }
}
