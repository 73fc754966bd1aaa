// Engine name -> implementation.
import type { EngineName } from '../config/schema.ts'
import { dockerEngine } from '../engines/docker.ts'
import type { Engine } from '../engines/engine.ts'
import { k6Engine } from '../engines/k6.ts'
import { k6OperatorEngine } from '../engines/k6-operator.ts'
import { nodeEngine } from '../engines/node.ts'

export const ENGINE_IMPLS: Record<EngineName, Engine> = {
  node: nodeEngine,
  k6: k6Engine,
  docker: dockerEngine,
  'k6-operator': k6OperatorEngine,
}
