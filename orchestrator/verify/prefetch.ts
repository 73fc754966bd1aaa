// Reads an async source ahead into a bounded queue, so the next MongoDB batch is being fetched
// (getMore in flight) while the current one is processed; without it the driver asks for the
// next batch only when the consumer has finished the previous one, and the verifier's CPU time
// adds up with the server's instead of overlapping it.
export async function* prefetch<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T> {
  const queue: T[] = []
  let done = false
  let failure: { error: unknown } | null = null
  // Held in an object: TypeScript does not see assignments made inside the promise executors.
  const wake: { consumer: (() => void) | null; producer: (() => void) | null } = { consumer: null, producer: null }
  const iterator = source[Symbol.asyncIterator]()
  let stopped = false
  const producer = (async () => {
    try {
      while (!stopped) {
        if (queue.length >= max) {
          await new Promise<void>((resolve) => (wake.producer = resolve))
          continue
        }
        const next = await iterator.next()
        if (next.done) break
        queue.push(next.value)
        wake.consumer?.()
        wake.consumer = null
      }
    } catch (error) {
      failure = { error }
    } finally {
      done = true
      wake.consumer?.()
      wake.consumer = null
    }
  })()
  try {
    for (;;) {
      if (queue.length > 0) {
        const item = queue.shift()!
        if (queue.length < max / 2) {
          wake.producer?.()
          wake.producer = null
        }
        yield item
        continue
      }
      if (failure) throw (failure as { error: unknown }).error
      if (done) return
      await new Promise<void>((resolve) => (wake.consumer = resolve))
    }
  } finally {
    stopped = true
    wake.producer?.()
    await producer
    if (!done || stopped) await iterator.return?.()
  }
}
