// engine-startup's plain bundle: one no-op iteration and no extension import, so the run is
// little more than the engine's own start and exit.
export const options = { iterations: 1, vus: 1 }

export default function () {
  // no-op: the benchmark measures the engine's start, not the script
}
