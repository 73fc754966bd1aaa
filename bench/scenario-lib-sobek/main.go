// VU-init cost of a scenario bundle in Sobek, the JavaScript engine k6 embeds: the script is
// compiled once (as k6 does) and its top-level code is run in N fresh runtimes, one per VU; then
// one runtime runs ITERS iterations of the default function against stubbed extensions, which
// measures the generator's CPU cost per event in k6's engine. Input is the bundle re-packed as a
// script with stub k6 modules (see ../scenario-lib-init.ts); output is JSON on stdout.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/grafana/sobek"
)

type result struct {
	CompileMs float64   `json:"compileMs"`
	InitMs    []float64 `json:"initMs"`
	Iters     int       `json:"iters"`
	IterMs    float64   `json:"iterMs"`
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func newVU(prog *sobek.Program, vu int) (*sobek.Runtime, time.Duration) {
	rt := sobek.New()
	_ = rt.Set("__VU", vu)
	_ = rt.Set("__ITER", 0)
	_ = rt.Set("__ENV", map[string]string{"RUN_ID": "bench"})
	start := time.Now()
	if _, err := rt.RunProgram(prog); err != nil {
		fail("init of VU %d failed: %v", vu, err)
	}
	return rt, time.Since(start)
}

// evalScript runs a script that leaves a string in globalThis.__out and prints it (used to
// compare generated events between Sobek and V8 byte for byte).
func evalScript(path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	rt := sobek.New()
	if _, err := rt.RunString(string(src)); err != nil {
		fail("eval: %v", err)
	}
	fmt.Print(rt.Get("__out").String())
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "eval" {
		evalScript(os.Args[2])
		return
	}
	if len(os.Args) != 4 {
		fail("usage: scenario-lib-sobek <script.js> <vus> <iterations> | scenario-lib-sobek eval <script.js>")
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	vus, _ := strconv.Atoi(os.Args[2])
	iters, _ := strconv.Atoi(os.Args[3])

	var res result
	start := time.Now()
	prog, err := sobek.Compile(os.Args[1], string(src), false)
	if err != nil {
		fail("compile: %v", err)
	}
	res.CompileMs = ms(time.Since(start))

	var last *sobek.Runtime
	for vu := 1; vu <= vus; vu++ {
		rt, d := newVU(prog, vu)
		res.InitMs = append(res.InitMs, ms(d))
		last = rt
	}
	sort.Float64s(res.InitMs)

	// Iterations run one after another (each awaited), as k6 runs them in one VU.
	loop := fmt.Sprintf(`(async () => {
	  const data = { runId: "bench", seed: "bench", catalogSize: 24 };
	  for (let i = 0; i < %d; i++) { __ITER = i; await __scenario.default(data); }
	})().catch((e) => { globalThis.__failure = String(e && e.stack || e) })`, iters)
	start = time.Now()
	if _, err := last.RunString(loop); err != nil {
		fail("iterations: %v", err)
	}
	res.IterMs = ms(time.Since(start))
	res.Iters = iters
	if f := last.Get("__failure"); f != nil && !sobek.IsUndefined(f) {
		fail("iterations failed: %s", f.String())
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
}
