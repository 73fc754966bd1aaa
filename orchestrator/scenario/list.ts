// The scenarios a user can run, each with the one-line description its source file opens with.
import { readFileSync } from 'node:fs'
import { scenarioNames, scenarioSource } from '../../build/entries.ts'

export interface ScenarioInfo {
  name: string
  description: string
}

export function listScenarios(dir?: string): ScenarioInfo[] {
  return scenarioNames(dir).map((name) => ({ name, description: describe(scenarioSource(name, dir)) }))
}

/** The first sentence of the file's leading `//` comment, without the "name:" prefix. */
export function describe(file: string): string {
  const lines: string[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('//')) break
    lines.push(line.replace(/^\/\/\s?/, ''))
  }
  const text = lines.join(' ').replace(/^\S+:\s*/, '').trim()
  const sentence = /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text
  return sentence.length > 100 ? `${sentence.slice(0, 97)}...` : sentence
}

export function formatScenarioList(list: ScenarioInfo[]): string {
  const width = Math.max(...list.map((s) => s.name.length))
  return list.map((s) => `  ${s.name.padEnd(width)}  ${s.description}`).join('\n')
}
