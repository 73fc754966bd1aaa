// Preloaded (--import) into a measured `eventload run`: at exit, writes the process's peak RSS
// in kB to the file named by EVENTLOAD_BENCH_RSS_FILE (stdout belongs to the engine).
import { writeFileSync } from 'node:fs'
import process from 'node:process'

const file = process.env.EVENTLOAD_BENCH_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)))
