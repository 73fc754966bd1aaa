// Execution segments and k6's striping. A sequence of cut points splits [0,1] into segments;
// over a cycle of LCD(lengths' denominators) indices, each segment owns length*LCD of them,
// spread out rather than contiguous: walking the indices of a cycle, the index goes to the
// first segment (largest first) whose next wanted position has been reached, a segment of
// length L wanting one index every 1/L positions. 50%/25%/25% gives 0,2,4.. / 1,5,9.. /
// 3,7,11.. as in k6's documentation. Integer options are then scaled to the count of indices
// 0..value-1 that fall in the segment's stripe, so the parts always sum to the whole.
import { Fraction, lcm } from './fraction.ts'

export interface Segment {
  readonly from: Fraction
  readonly to: Fraction
}

export function parseSegment(text: string): Segment {
  const parts = text.split(':')
  if (parts.length > 2) throw new Error(`execution segment ${JSON.stringify(text)}: use from:to, e.g. 0:1/2`)
  const [from, to] = parts.length === 1 ? [new Fraction(0), Fraction.parse(parts[0]!)] : [Fraction.parse(parts[0]!), Fraction.parse(parts[1]!)]
  if (from.cmp(new Fraction(0)) < 0 || to.cmp(new Fraction(1)) > 0 || from.cmp(to) >= 0) {
    throw new Error(`execution segment ${JSON.stringify(text)}: needs 0 <= from < to <= 1`)
  }
  return { from, to }
}

export function parseSequence(text: string): Fraction[] {
  const points = text.split(',').map((p) => Fraction.parse(p))
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.cmp(points[i - 1]!) <= 0) throw new Error(`execution segment sequence ${JSON.stringify(text)}: the points must increase`)
  }
  if (points.length < 2 || points[0]!.cmp(new Fraction(0)) < 0 || points[points.length - 1]!.cmp(new Fraction(1)) > 0) {
    throw new Error(`execution segment sequence ${JSON.stringify(text)}: needs at least two points within 0..1, e.g. 0,1/2,1`)
  }
  return points
}

/** The stripe one segment owns: `offsets` (sorted) within each cycle of `cycle` indices. */
export class ExecutionTuple {
  constructor(
    readonly cycle: number,
    readonly offsets: readonly number[],
    /** Share of the whole, for display ("(50.00%)"). */
    readonly share: number,
  ) {}

  static full(): ExecutionTuple {
    return new ExecutionTuple(1, [0], 1)
  }

  /** How many of the indices 0..value-1 are in this stripe (k6's ScaleInt64). */
  scale(value: number): number {
    if (this.offsets.length === 0 || value <= 0) return 0
    const whole = Math.floor(value / this.cycle)
    const rest = value - whole * this.cycle
    let n = whole * this.offsets.length
    for (const o of this.offsets) if (o < rest) n++
    return n
  }

  /** The global index of the k-th (0-based) index in this stripe. */
  globalIndex(k: number): number {
    const per = this.offsets.length
    return Math.floor(k / per) * this.cycle + this.offsets[k % per]!
  }

  get isEmpty(): boolean {
    return this.offsets.length === 0
  }
}

/** Builds the stripes of every segment of a sequence covering [0,1]. */
function stripes(lengths: readonly Fraction[]): number[][] {
  const cycle = lengths.reduce((acc, l) => lcm(acc, l.den), 1)
  const order = lengths.map((l, i) => ({ i, l })).sort((a, b) => b.l.cmp(a.l) || a.i - b.i)
  const counts = lengths.map((l) => (l.num * cycle) / l.den)
  // Next position each segment wants, kept as a fraction with denominator count (exact).
  const wantNum = lengths.map(() => 0)
  const out: number[][] = lengths.map(() => [])
  for (let pos = 0; pos < cycle; pos++) {
    let chosen = -1
    for (const { i } of order) {
      const c = counts[i]!
      if (c === 0 || out[i]!.length >= c) continue
      // want = wantNum / c  <=  pos
      if (wantNum[i]! <= pos * c) {
        chosen = i
        break
      }
    }
    if (chosen === -1) {
      // Nobody is due yet: the one due soonest (then the largest) takes it.
      let best = Infinity
      for (const { i } of order) {
        const c = counts[i]!
        if (c === 0 || out[i]!.length >= c) continue
        const want = wantNum[i]! / c
        if (want < best) {
          best = want
          chosen = i
        }
      }
    }
    out[chosen]!.push(pos)
    wantNum[chosen]! += cycle
  }
  return out
}

export interface SegmentSetup {
  readonly segment: Segment
  /** Cut points covering 0..1. */
  readonly sequence: readonly Fraction[]
  readonly tuple: ExecutionTuple
}

/** Resolves `--execution-segment` / `--execution-segment-sequence` into this instance's stripe. */
export function resolveSegment(segmentText?: string, sequenceText?: string): SegmentSetup {
  const segment = segmentText ? parseSegment(segmentText) : { from: new Fraction(0), to: new Fraction(1) }
  let points: Fraction[]
  if (sequenceText) {
    points = parseSequence(sequenceText)
    // k6 fills the gaps so the sequence covers 0..1.
    if (points[0]!.cmp(new Fraction(0)) > 0) points.unshift(new Fraction(0))
    if (points[points.length - 1]!.cmp(new Fraction(1)) < 0) points.push(new Fraction(1))
    const idx = points.findIndex((p, i) => p.equals(segment.from) && points[i + 1]?.equals(segment.to))
    if (idx === -1) {
      throw new Error(
        `execution segment ${segment.from.toString()}:${segment.to.toString()} is not one of the segments of the sequence ${points.map(String).join(',')}`,
      )
    }
  } else {
    points = [new Fraction(0), segment.from, segment.to, new Fraction(1)].filter((p, i, a) => i === 0 || !p.equals(a[i - 1]!))
  }
  return { segment, sequence: points, tuple: tupleFor(points, segment) }
}

function tupleFor(points: readonly Fraction[], segment: Segment): ExecutionTuple {
  const lengths = points.slice(1).map((p, i) => p.sub(points[i]!))
  const idx = points.findIndex((p) => p.equals(segment.from))
  const all = stripes(lengths)
  const cycle = lengths.reduce((acc, l) => lcm(acc, l.den), 1)
  return new ExecutionTuple(cycle, all[idx]!, segment.to.sub(segment.from).toNumber())
}

/**
 * A tuple over the instances' shares of `value` (k6's GetNewExecutionTupleFromValue): used to
 * split a second quantity (shared iterations by VUs, arrival-rate iterations by maxVUs) the
 * same way the first was split. An instance whose share is 0 gets an empty stripe.
 */
export function tupleFromValue(setup: SegmentSetup, value: number): ExecutionTuple {
  const lengths = setup.sequence.slice(1).map((p, i) => p.sub(setup.sequence[i]!))
  const all = stripes(lengths)
  const cycle = lengths.reduce((acc, l) => lcm(acc, l.den), 1)
  const shares = all.map((offsets) => new ExecutionTuple(cycle, offsets, 0).scale(value))
  const mine = setup.sequence.findIndex((p) => p.equals(setup.segment.from))
  if (value <= 0 || shares[mine] === 0) return new ExecutionTuple(1, [], 0)
  const nonEmpty = shares.map((s, i) => ({ s, i })).filter((x) => x.s > 0)
  const newLengths = nonEmpty.map((x) => new Fraction(x.s, value))
  const newStripes = stripes(newLengths)
  const newCycle = newLengths.reduce((acc, l) => lcm(acc, l.den), 1)
  const at = nonEmpty.findIndex((x) => x.i === mine)
  return new ExecutionTuple(newCycle, newStripes[at]!, shares[mine]! / value)
}
