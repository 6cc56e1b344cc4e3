// Geometric clipping of polylines to a rectangle. Clipping the geometry (instead of using an SVG
// <clipPath>) keeps coordinates inside the plot and needs no element ids, which would collide when
// several charts are inlined in one HTML page.

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export type Point = [number, number];

/**
 * Liang–Barsky: the part of segment p→q inside `r` (x0 ≤ x ≤ x1, y0 ≤ y ≤ y1), as parameters
 * [t0, t1] along the segment, or null when the segment misses the rectangle.
 */
export function clipSegment(p: Point, q: Point, r: Rect): [number, number] | null {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, p[0] - r.x0],
    [dx, r.x1 - p[0]],
    [-dy, p[1] - r.y0],
    [dy, r.y1 - p[1]],
  ];
  for (const [den, num] of edges) {
    if (den === 0) {
      if (num < 0) return null;
    } else {
      const t = num / den;
      if (den < 0) {
        if (t > t1) return null;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return null;
        if (t < t1) t1 = t;
      }
    }
  }
  return [t0, t1];
}

const lerp = (p: Point, q: Point, t: number): Point => [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];

export interface ClippedPolyline {
  /** Connected visible pieces, each with at least two points. */
  runs: Point[][];
  /** Finite in-range points with no drawable neighbour (both neighbours missing); drawn as dots. */
  isolated: Point[];
}

/**
 * Splits the polyline through (xs[i], ys[i]) into visible runs: a non-finite coordinate ends a run
 * (a gap in the data shows as a gap in the line), and the line is cut where it leaves `r`.
 */
export function clipPolyline(xs: readonly number[], ys: readonly number[], r: Rect): ClippedPolyline {
  const n = Math.min(xs.length, ys.length);
  const runs: Point[][] = [];
  const isolated: Point[] = [];
  let run: Point[] = [];
  const flush = (): void => {
    if (run.length >= 2) runs.push(run);
    run = [];
  };
  const inside = (p: Point): boolean => p[0] >= r.x0 && p[0] <= r.x1 && p[1] >= r.y0 && p[1] <= r.y1;
  const finiteAt = (i: number): boolean => i >= 0 && i < n && Number.isFinite(xs[i]) && Number.isFinite(ys[i]);

  for (let i = 0; i < n; i++) {
    if (!finiteAt(i)) {
      flush();
      continue;
    }
    const p: Point = [xs[i] as number, ys[i] as number];
    if (!finiteAt(i - 1) && !finiteAt(i + 1)) {
      if (inside(p)) isolated.push(p);
      continue;
    }
    if (!finiteAt(i + 1)) continue;
    const q: Point = [xs[i + 1] as number, ys[i + 1] as number];
    const t = clipSegment(p, q, r);
    if (t === null) {
      flush();
      continue;
    }
    const [t0, t1] = t;
    // A segment that enters the rectangle part-way starts a new run, as does the very first one.
    if (t0 > 0 || run.length === 0) {
      flush();
      run.push(t0 > 0 ? lerp(p, q, t0) : p);
    }
    run.push(t1 < 1 ? lerp(p, q, t1) : q);
    if (t1 < 1) flush();
  }
  flush();
  return { runs, isolated };
}
