// Exact fractions for execution segments ("1/3" must stay 1/3, or segment ends would not meet).
export class Fraction {
  readonly num: number
  readonly den: number

  constructor(num: number, den = 1) {
    if (den === 0) throw new Error('division by zero in an execution segment')
    if (den < 0) {
      num = -num
      den = -den
    }
    const g = gcd(Math.abs(num), den) || 1
    this.num = num / g
    this.den = den / g
  }

  /** "1/4", "0.25", "25%", "0", "1". */
  static parse(text: string): Fraction {
    const t = text.trim()
    let m = /^(\d+)\s*\/\s*(\d+)$/.exec(t)
    if (m) return new Fraction(Number(m[1]), Number(m[2]))
    m = /^(\d+(?:\.\d+)?)%$/.exec(t)
    if (m?.[1]) return Fraction.decimal(m[1]).div(new Fraction(100))
    if (/^\d+(\.\d+)?$/.test(t)) return Fraction.decimal(t)
    throw new Error(`${JSON.stringify(text)} is not a fraction (use 1/4, 0.25 or 25%)`)
  }

  private static decimal(t: string): Fraction {
    const [int, frac = ''] = t.split('.')
    const den = 10 ** frac.length
    return new Fraction(Number(int) * den + (frac === '' ? 0 : Number(frac)), den)
  }

  add(o: Fraction): Fraction {
    return new Fraction(this.num * o.den + o.num * this.den, this.den * o.den)
  }
  sub(o: Fraction): Fraction {
    return new Fraction(this.num * o.den - o.num * this.den, this.den * o.den)
  }
  mul(o: Fraction): Fraction {
    return new Fraction(this.num * o.num, this.den * o.den)
  }
  div(o: Fraction): Fraction {
    return new Fraction(this.num * o.den, this.den * o.num)
  }
  cmp(o: Fraction): number {
    return this.num * o.den - o.num * this.den
  }
  equals(o: Fraction): boolean {
    return this.cmp(o) === 0
  }
  toNumber(): number {
    return this.num / this.den
  }
  toString(): string {
    return this.den === 1 ? String(this.num) : `${this.num}/${this.den}`
  }
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b
}
