// Renders a report.html in headless Chromium and saves a PNG (the README's screenshot):
//   npx tsx test/orchestrator/screenshot.ts reports/<run_id>/report.html docs/report-screenshot.png
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { launchChromium } from './chromium.ts'

const [input, output = 'docs/report-screenshot.png'] = process.argv.slice(2)
if (!input) {
  process.stderr.write('usage: npx tsx test/orchestrator/screenshot.ts <report.html> [out.png]\n')
  process.exit(2)
}
const profile = mkdtempSync(join(tmpdir(), 'eventload-shot-'))
const browser = await launchChromium(profile)
try {
  const page = await browser.newPage()
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()))
  await page.goto(pathToFileURL(resolve(input)).href)
  await page.screenshot({ path: output, fullPage: true })
  process.stdout.write(`wrote ${output}\n`)
} finally {
  await browser.close()
  rmSync(profile, { recursive: true, force: true })
}
