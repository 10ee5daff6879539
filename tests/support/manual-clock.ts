import type { TClock } from '../../shared/ports/clock.ts';

/** A clock tests move by hand: time passes only when the test says so. */
export interface TManualClock extends TClock {
  set(at: Date | string): void;
  advance(milliseconds: number): void;
  /** Every later reading is this much after the one before (as a real clock between two reads); 0 stops it. */
  tickOnRead(milliseconds: number): void;
}

export function createManualClock(start: Date | string = '2026-03-02T09:00:00.000Z'): TManualClock {
  let current = new Date(start).getTime();
  let tick = 0;
  return {
    now: () => {
      const at = new Date(current);
      current += tick;
      return at;
    },
    tickOnRead: (milliseconds) => {
      tick = milliseconds;
    },
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}
