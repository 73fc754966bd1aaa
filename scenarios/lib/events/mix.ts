// The type mix: weights per event type, from the MIX knob ("order_placed:30,payment_captured:25")
// or the catalogue's defaults, turned into a cumulative table for one-draw picks.

import { DEFAULT_MIX, MIX_TYPES, SETUP_TYPES, type MixType } from './catalog.ts'
import { KnobError } from '../knobs.ts'

export type Mix = Record<MixType, number>

export interface MixTable {
  types: MixType[]
  /** Cumulative weights normalised to end at 1. */
  cumulative: number[]
  weights: Mix
}

/**
 * Parses MIX. Types left out get weight 0, so "order_placed:1" means only orders (and the events
 * their prerequisites need: see the generator's substitution rule). Throws with the fix on bad input.
 */
export function parseMix(spec: string | undefined): Mix {
  if (spec === undefined || spec.trim() === '') return { ...DEFAULT_MIX }
  const mix = Object.fromEntries(MIX_TYPES.map((t) => [t, 0])) as Mix
  const seen = new Set<string>()
  for (const part of spec.split(',')) {
    const item = part.trim()
    if (item === '') continue
    const match = /^([a-z_]+)\s*[:=]\s*(\d+(?:\.\d+)?)$/.exec(item)
    if (!match) {
      throw new KnobError(`MIX: "${item}" is not "type:weight" (e.g. MIX=order_placed:30,payment_captured:25)`)
    }
    const [, type = '', weight = '0'] = match
    if ((SETUP_TYPES as readonly string[]).includes(type)) {
      throw new KnobError(`MIX: ${type} is written by setup() for the product catalogue and cannot be weighted`)
    }
    if (!(MIX_TYPES as readonly string[]).includes(type)) {
      throw new KnobError(`MIX: unknown event type "${type}"; known types: ${MIX_TYPES.join(', ')}`)
    }
    if (seen.has(type)) throw new KnobError(`MIX: ${type} is given twice`)
    seen.add(type)
    mix[type as MixType] = Number(weight)
  }
  const total = MIX_TYPES.reduce((sum, t) => sum + mix[t], 0)
  if (!(total > 0)) throw new KnobError('MIX: the weights add up to 0; give at least one type a positive weight')
  return mix
}

export function mixTable(weights: Mix): MixTable {
  const types = MIX_TYPES.filter((t) => weights[t] > 0)
  const total = types.reduce((sum, t) => sum + weights[t], 0)
  let acc = 0
  const cumulative = types.map((t) => (acc += weights[t] / total))
  cumulative[cumulative.length - 1] = 1
  return { types, cumulative, weights }
}

/** The type for a uniform draw u in [0, 1). */
export function pickType(table: MixTable, u: number): MixType {
  for (let i = 0; i < table.cumulative.length; i++) {
    if (u < (table.cumulative[i] as number)) return table.types[i] as MixType
  }
  return table.types[table.types.length - 1] as MixType
}

/** Weights as shares in [0, 1], for reports and the mix check. */
export function mixShares(weights: Mix): Record<MixType, number> {
  const total = MIX_TYPES.reduce((sum, t) => sum + weights[t], 0)
  return Object.fromEntries(MIX_TYPES.map((t) => [t, weights[t] / total])) as Record<MixType, number>
}
