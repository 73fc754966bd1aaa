// Small fixes applied to FerretDB v1.24.2's source before we build it (Apache-2.0; changes
// listed here as the licence asks). Each one was found by bench/mongo-backend.ts and is what
// makes "upsert by _id in bulkWrite batches" usable as a pipeline sink:
//
// 1. An `update` command with many statements (what the driver sends for bulkWrite) keeps
//    every statement's query cursor open until the whole command ends (a `defer` inside the
//    loop). Each open cursor holds a backend connection, so a batch that matches more existing
//    documents than the pool has connections (PostgreSQL: max(4, CPUs); SQLite: 100) waits
//    forever. Fix: close each statement's cursor as soon as that statement is done.
// 2. SQLite: the `_id` lookup is written `_ferretdb_sjson->'$._id'` while the unique `_id`
//    index is on `_ferretdb_sjson->"_id"`; SQLite matches index expressions textually, so
//    every `_id` query and update scanned the whole table (upsert time grew with the
//    collection). Fix: write the lookup exactly like the index expression.
// 3. PostgreSQL: `_id` equality was pushed down as `_jsonb->$1 @> $2`, which the btree index
//    on `(_jsonb->'_id')` cannot serve (seq scan per upsert). Fix: for a filter that is just
//    `{_id: <string|ObjectId>}`, query `_jsonb->'_id' = $1` (the form UpdateAll already uses).
//
// Every patch must match its file exactly once, so a FerretDB bump fails loudly instead of
// silently building unpatched.

export interface SourcePatch {
  file: string
  find: string
  replace: string
}

export const FERRETDB_PATCH_LEVEL = 1

export const FERRETDB_PATCHES: SourcePatch[] = [
  {
    file: 'internal/handler/msg_update.go',
    find: `		closer := iterator.NewMultiCloser()
		defer closer.Close()

		closer.Add(res.Iter)
`,
    replace: `		closer := iterator.NewMultiCloser()

		closer.Add(res.Iter)
`,
  },
  {
    file: 'internal/handler/msg_update.go',
    find: `		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)
		if err != nil {`,
    replace: `		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)
		closer.Close() // eventload patch: release this statement's cursor (and connection) now
		if err != nil {`,
  },
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    find: `	IDColumn = DefaultColumn + "->'$._id'"`,
    replace: `	IDColumn = DefaultColumn + "->\\"_id\\"" // eventload patch: same expression as the _id index`,
  },
  {
    file: 'internal/backends/postgresql/collection.go',
    find: `	where, args, err = prepareWhereClause(&placeholder, params.Filter)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}
`,
    replace: `	where, args, err = prepareWhereClause(&placeholder, params.Filter)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	// eventload patch: an _id equality the btree _id index can serve
	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			placeholder = 0
			where = fmt.Sprintf(" WHERE %s = %s", metadata.IDColumn, placeholder.Next())
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}
`,
  },
]
