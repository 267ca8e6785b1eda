/**
 * Picks a free value from a range, starting at a place derived from a key and probing forward.
 * A pod's or a service's address depends only on its own identity (unless it collides), so an
 * edit to one object does not renumber the others. Real Kubernetes picks cluster IPs and node
 * ports at random; a hash is a random choice every student sees the same.
 */
import { hash53 } from '../hash.ts';

export class HashAllocator {
  private readonly taken = new Set<number>();

  /** Values first..last inclusive. */
  constructor(
    private readonly first: number,
    private readonly last: number,
    private readonly seed: number,
  ) {}

  get size(): number {
    return this.last - this.first + 1;
  }

  contains(value: number): boolean {
    return value >= this.first && value <= this.last;
  }

  isTaken(value: number): boolean {
    return this.taken.has(value);
  }

  /** Claims an explicit value; false when it is outside the range or already taken. */
  claim(value: number): boolean {
    if (!this.contains(value) || this.taken.has(value)) return false;
    this.taken.add(value);
    return true;
  }

  /** A free value for `key`, or undefined when the range is full. */
  allocate(key: string): number | undefined {
    const size = this.size;
    if (this.taken.size >= size) return undefined;
    const start = hash53(key, this.seed) % size;
    for (let i = 0; i < size; i++) {
      const value = this.first + ((start + i) % size);
      if (!this.taken.has(value)) {
        this.taken.add(value);
        return value;
      }
    }
    return undefined;
  }
}
