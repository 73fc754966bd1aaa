// The import specifiers of xk6-sql's modules, apart from the module itself so the registry can
// name them without loading pg.
export const SQL_SPECIFIER = 'k6/x/sql'
export const POSTGRES_DRIVER_SPECIFIER = 'k6/x/sql/driver/postgres'
