// Amounts are computed in integer minor units (cents, or yen) and only turned into decimal numbers
// for the payload, so totals add up exactly and serialise the same everywhere.

import { CURRENCY_EXPONENT, EUR_RATE } from './dictionary.ts'

/** EUR cents -> minor units of `currency`, rounded to the currency's unit. */
export function convertEurCents(eurCents: number, currency: string): number {
  const rate = EUR_RATE[currency] ?? 1
  const exponent = CURRENCY_EXPONENT[currency] ?? 2
  return Math.round((eurCents / 100) * rate * 10 ** exponent)
}

/** Minor units -> the decimal amount written in payloads (12.99, or 1450 for JPY). */
export function toAmount(minor: number, currency: string): number {
  const exponent = CURRENCY_EXPONENT[currency] ?? 2
  return minor / 10 ** exponent
}
