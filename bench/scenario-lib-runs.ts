// Runs scenarios in the node engine against the local stack and reports what landed in Postgres:
// events written vs planned, achieved rate, insert latency (the run's summary), dropped
// iterations, the type mix's largest deviation from the weights, references to entities not
// created first (SQL), and optionally a replay with the same SEED compared payload by payload.
// Run: npx tsx bench/scenario-lib-runs.ts moderate stress extreme [--replay] [--keep] [-e KEY=VALUE ...]
// Rows of the runs are deleted afterwards unless --keep.

import { pathToFileURL } from 'node:url'
import { Admin } from '@platformatic/kafka'
import { loadConnections } from '../stack/connections.ts'
import { DEFAULT_MIX, MIX_TYPES } from '../scenarios/lib/events/catalog.ts'
import { eventId } from '../scenarios/lib/events/ids.ts'
import { mixShares, parseMix } from '../scenarios/lib/events/mix.ts'
import { pgPool } from '../test/scenarios/support/pg.ts'
import { deleteRuns, runFacts } from '../test/scenarios/support/run-facts.ts'
import { runScenario } from '../test/scenarios/support/run-scenario.ts'
import type pg from 'pg'

/** Maps each event id of a run back to where it was generated, by re-deriving ids (ids.ts). */
async function originsById(pool: pg.Pool, runId: string, seed: string, maxVu: number, batch: number): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; p: string }>(`SELECT id::text AS id, payload::text AS p FROM events WHERE run_id = $1 AND type <> 'product_listed'`, [runId])
  const payload = new Map(rows.map((r) => [r.id, r.p]))
  const byOrigin = new Map<string, string>()
  for (let vu = 1; vu <= maxVu; vu++) {
    for (let iter = 0, misses = 0; misses < 50; iter++) {
      let hit = false
      for (let k = 0; k < batch; k++) {
        const p = payload.get(eventId(seed, runId, { vu, iter, k }))
        if (p !== undefined) {
          byOrigin.set(`${vu}/${iter}/${k}`, p)
          hit = true
        }
      }
      misses = hit ? 0 : misses + 1
    }
  }
  if (byOrigin.size !== rows.length) throw new Error(`${runId}: re-derived ${byOrigin.size} of ${rows.length} event ids`)
  return byOrigin
}

export async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a, i) => !a.startsWith('-') && argv[i - 1] !== '-e')
  const env: Record<string, string> = {}
  argv.forEach((a, i) => {
    if (a === '-e') {
      const [k, ...v] = argv[i + 1]!.split('=')
      env[k!] = v.join('=')
    }
  })
  const pool = pgPool()
  const tag = Date.now().toString(36)
  const created: string[] = []
  try {
    for (const name of names) {
      const seed = env.SEED ?? `bench-${tag}`
      const runId = `bench-${name}-${tag}`
      created.push(runId)
      // kafka-direct writes to Kafka, not Postgres: a private topic unless KAFKA_TOPIC is given.
      const topic = name === 'kafka-direct' && env.KAFKA_TOPIC === undefined ? `bench-kafka-direct-${tag}` : undefined
      const admin = topic ? new Admin({ clientId: 'bench', bootstrapBrokers: loadConnections().kafka.brokers }) : undefined
      if (admin && topic) await admin.createTopics({ topics: [topic], partitions: 6, replicas: 1 })
      let run
      try {
        run = await runScenario(name, { ...env, RUN_ID: runId, SEED: seed, ...(topic ? { KAFKA_TOPIC: topic } : {}) }, 4 * 3_600_000)
      } finally {
        if (admin && topic) {
          await admin.deleteTopics({ topics: [topic] })
          await admin.close()
        }
      }
      if (topic) {
        const m = run.summary?.metrics ?? {}
        process.stdout.write(
          `${name}: exit ${run.exitCode}, run ${runId}, wall ${(run.wallMs / 1000).toFixed(1)}s, topic ${topic}\n` +
            `  events produced ${m.events_written?.count ?? '?'} (incl. catalogue); iterations ${m.iterations?.count ?? '?'}, dropped ${m.dropped_iterations?.count ?? 0}\n` +
            `  produce (insert_duration) ms p50 ${m.insert_duration?.med?.toFixed(2)} p95 ${m.insert_duration?.['p(95)']?.toFixed(2)} p99 ${m.insert_duration?.['p(99)']?.toFixed(2)} max ${m.insert_duration?.max?.toFixed(2)}; errors ${m.insert_errors?.passes ?? 0}\n`,
        )
        continue
      }
      const facts = await runFacts(pool, runId)
      const m = run.summary?.metrics ?? {}
      const events = facts.total - facts.catalog
      const spanS = facts.firstCreated && facts.lastCreated ? (facts.lastCreated.getTime() - facts.firstCreated.getTime()) / 1000 : 0
      const weights = mixShares(env.MIX ? parseMix(env.MIX) : DEFAULT_MIX)
      const worst = MIX_TYPES.map((t) => ({ t, d: (facts.shares[t] ?? 0) - weights[t] })).sort((a, b) => Math.abs(b.d) - Math.abs(a.d))[0]!
      const lines = [
        `${name}: exit ${run.exitCode}, run ${runId}, wall ${(run.wallMs / 1000).toFixed(1)}s`,
        `  events in Postgres ${events} (+${facts.catalog} catalogue); iterations ${m.iterations?.count ?? '?'}, dropped ${m.dropped_iterations?.count ?? 0}`,
        `  achieved ${spanS > 0 ? (events / spanS).toFixed(1) : '-'} events/s over ${spanS.toFixed(1)}s (first to last created_at)`,
        `  insert_duration ms p50 ${m.insert_duration?.med?.toFixed(2)} p95 ${m.insert_duration?.['p(95)']?.toFixed(2)} p99 ${m.insert_duration?.['p(99)']?.toFixed(2)} max ${m.insert_duration?.max?.toFixed(2)}; errors ${m.insert_errors?.passes ?? 0} of ${(m.insert_errors?.passes ?? 0) + (m.insert_errors?.fails ?? 0)} writes`,
        `  mix: largest deviation ${worst.t} ${(worst.d * 100).toFixed(2)} pp; substitutions ${m.mix_substitutions?.count ?? 0}`,
        `  integrity: ${facts.references} references, ${facts.dangling.length} to entities not created earlier; duplicate seq ${facts.duplicateSeq}; created before scheduled ${facts.createdBeforeScheduled}`,
      ]
      if (m.target_rate) lines.push(`  target_rate at the end ${m.target_rate.value?.toFixed(1)} events/s`)
      if (argv.includes('--replay')) {
        const replayId = `${runId}-replay`
        created.push(replayId)
        const again = await runScenario(name, { ...env, RUN_ID: replayId, SEED: seed }, 4 * 3_600_000)
        const maxVu = Math.max(m.vus_max?.max ?? m.vus_max?.value ?? 1, again.summary?.metrics.vus_max?.max ?? 1) + 2
        const batch = Number(env.BATCH ?? 1)
        const a = await originsById(pool, runId, seed, maxVu, batch)
        const b = await originsById(pool, replayId, seed, maxVu, batch)
        let compared = 0
        let identical = 0
        for (const [origin, payload] of a) {
          const other = b.get(origin)
          if (other === undefined) continue
          compared++
          if (other === payload) identical++
        }
        lines.push(`  replay (same SEED, exit ${again.exitCode}): ${compared} events generated at the same (VU, iteration) in both runs, ${identical} byte-identical payloads`)
      }
      process.stdout.write(`${lines.join('\n')}\n`)
      if (run.exitCode !== 0 && run.exitCode !== 99) process.stdout.write(`${run.stderr.split('\n').slice(-15).join('\n')}\n`)
    }
  } finally {
    if (!argv.includes('--keep')) await deleteRuns(pool, created)
    await pool.end()
  }
  return 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
