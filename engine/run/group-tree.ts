// Groups and checks as k6 reports them in `root_group`: paths joined with `::`, ids the md5 of
// the path, children and checks in first-use order.
import { createHash } from 'node:crypto'

export interface CheckStats {
  readonly name: string
  readonly path: string
  readonly id: string
  passes: number
  fails: number
}

export class Group {
  readonly id: string
  readonly groups = new Map<string, Group>()
  readonly checks = new Map<string, CheckStats>()

  constructor(
    readonly name: string,
    readonly path: string,
  ) {
    this.id = md5(path)
  }

  child(name: string): Group {
    let g = this.groups.get(name)
    if (!g) {
      g = new Group(name, `${this.path}::${name}`)
      this.groups.set(name, g)
    }
    return g
  }

  check(name: string): CheckStats {
    let c = this.checks.get(name)
    if (!c) {
      const path = `${this.path}::${name}`
      c = { name, path, id: md5(path), passes: 0, fails: 0 }
      this.checks.set(name, c)
    }
    return c
  }
}

export class GroupTree {
  readonly root = new Group('', '')

  /** The group at `path` ("" = root, "::a::b" = nested), created on first use. */
  at(path: string): Group {
    if (path === '') return this.root
    let g = this.root
    for (const name of path.split('::').slice(1)) g = g.child(name)
    return g
  }
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex')
}
