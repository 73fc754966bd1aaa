// The k6 extensions the scenario bundles may import, with the Go module and pinned version that
// provides each in k6.Dockerfile. One k6 binary can hold only extensions built for the same k6
// major: xk6-kafka has no release for k6 v2 yet, so the image pins the k6 v1 line
// (../shared/reference/k6-extensions-and-operator.md §0). A test checks the Dockerfile against
// this table and the bundles against its keys.

export const K6_VERSION = 'v1.7.1'
export const XK6_IMAGE = 'grafana/xk6:1.4.11'

export interface Extension {
  /** Go module passed to `xk6 build --with`. */
  module: string
  version: string
  /** Needs CGO (librdkafka), hence a glibc runtime image. */
  cgo: boolean
}

export const EXTENSIONS: Record<string, Extension> = {
  'k6/x/sql': { module: 'github.com/grafana/xk6-sql', version: 'v1.0.6', cgo: false },
  'k6/x/sql/driver/postgres': { module: 'github.com/grafana/xk6-sql-driver-postgres', version: 'v0.1.2', cgo: false },
  'k6/x/kafka': { module: 'github.com/mostafa/xk6-kafka/v2', version: 'v2.1.0', cgo: true },
}

/** k6's built-in modules (k6 v1/v2 `internal/js/jsmodules.go`), the only other imports allowed. */
export const K6_BUILTINS = [
  'k6', 'k6/http', 'k6/metrics', 'k6/execution', 'k6/data', 'k6/crypto', 'k6/crypto/x509', 'k6/encoding',
  'k6/html', 'k6/ws', 'k6/websockets', 'k6/net/grpc', 'k6/browser', 'k6/timers', 'k6/secrets',
  'k6/experimental/csv', 'k6/experimental/fs', 'k6/experimental/streams', 'k6/experimental/websockets',
]
