// Command ferretdb-runner serves the MongoDB wire protocol for the local stack by embedding
// FerretDB v1 (github.com/FerretDB/FerretDB/ferretdb).
//
// Why a wrapper instead of `go install .../cmd/ferretdb`: FerretDB's own main refuses to start
// when built from the module proxy (its build/version/version.txt is generated at release time
// and absent from the module zip). That check is skipped when FerretDB is a dependency rather
// than the main module, which is exactly the embeddable-package case.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const ferretModule = "github.com/FerretDB/FerretDB"

func ferretVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == ferretModule {
			if dep.Replace != nil {
				// built from the module source with stack/ferretdb/patches.ts applied
				return dep.Version + "+eventload-patched"
			}
			return dep.Version
		}
	}
	return "unknown"
}

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to serve the MongoDB wire protocol on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite directory URI (sqlite handler)")
	postgresqlURL := flag.String("postgresql-url", "", "PostgreSQL URL (postgresql handler)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	showVersion := flag.Bool("version", false, "print the embedded FerretDB version and exit")
	flag.Parse()

	if *showVersion {
		fmt.Println(ferretVersion())
		return
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "--log-level: %v\n", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}
	switch *handler {
	case "sqlite":
		cfg.SQLiteURL = *sqliteURL
	case "postgresql":
		if *postgresqlURL == "" {
			fmt.Fprintln(os.Stderr, "--postgresql-url is required with --handler=postgresql")
			os.Exit(2)
		}
		cfg.PostgreSQLURL = *postgresqlURL
	default:
		fmt.Fprintf(os.Stderr, "--handler: expected sqlite or postgresql, got %q\n", *handler)
		os.Exit(2)
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		logger.Error("cannot start FerretDB", "error", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Warn("FerretDB serving", "version", ferretVersion(), "handler", *handler, "listen", *listen)
	if err := f.Run(ctx); err != nil {
		logger.Error("FerretDB stopped with an error", "error", err)
		os.Exit(1)
	}
}
