// report.html in a real browser: Debian's headless Chromium (playwright-core drives it; no
// browser download) opens the file with every network request blocked, and the charts must
// have rendered: each chart's SVG has a non-empty box and drawn series/bars, and the page made
// no request besides its own file (self-contained).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportHtml } from '../../orchestrator/reports/html.ts'
import { fixtureReport } from './report-fixture.ts'
import { launchChromium } from './chromium.ts'
import { tempDir } from './helpers.ts'

interface ChartInfo {
  id: string
  width: number
  height: number
  series: number
  bars: number
  empty: boolean
}

// Runs in the page (a string: this project's TypeScript has no DOM types).
const MEASURE_CHARTS = `[...document.querySelectorAll('figure.chart')].map((f) => {
  const box = f.querySelector('svg')?.getBoundingClientRect()
  const series = [...f.querySelectorAll('path.series')].filter((p) => (p.getAttribute('d') || '').length > 10 && p.getTotalLength() > 0).length
  const bars = [...f.querySelectorAll('rect.bar')].filter((r) => r.getBBox().height > 0).length
  return { id: f.id, width: box ? box.width : 0, height: box ? box.height : 0, series, bars, empty: f.classList.contains('empty') }
})`

describe('report.html in headless Chromium', () => {
  const profile = tempDir('eventload-chromium-')
  let browser: BrowserContext
  beforeAll(async () => {
    browser = await launchChromium(profile.dir)
  })
  afterAll(async () => {
    await browser?.close()
    profile[Symbol.dispose]()
  })

  it('renders every chart from the file alone', async () => {
    using t = tempDir()
    const file = join(t.dir, 'report.html')
    writeFileSync(file, reportHtml(fixtureReport()))
    const page = await browser.newPage()
    const requests: string[] = []
    await page.route('**/*', async (route) => {
      requests.push(route.request().url())
      if (route.request().url() === pathToFileURL(file).href) await route.continue()
      else await route.abort()
    })
    await page.goto(pathToFileURL(file).href)
    const charts = await page.evaluate<ChartInfo[]>(MEASURE_CHARTS)
    await page.close()
    expect(charts.map((c) => c.id)).toEqual(['chart-throughput', 'chart-arrivals', 'chart-latency', 'chart-hist-insert', 'chart-hist-pgToKafka', 'chart-hist-kafkaToMongo', 'chart-hist-endToEnd'])
    for (const c of charts) {
      expect(c.empty, c.id).toBe(false)
      expect(c.width, c.id).toBeGreaterThan(300)
      expect(c.height, c.id).toBeGreaterThan(100)
      expect(c.series + c.bars, c.id).toBeGreaterThan(0)
    }
    // throughput: written + target; latency: insert p50/p99 + three stages x p50/p99
    expect(charts.find((c) => c.id === 'chart-throughput')!.series).toBe(2)
    expect(charts.find((c) => c.id === 'chart-latency')!.series).toBe(8)
    expect(requests).toEqual([pathToFileURL(file).href])
  })
})
