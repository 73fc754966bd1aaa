-- The default pipeline's source table (data contract in ARCHITECTURE.md). Scenarios insert
-- here; the reference processor streams it to Kafka through logical replication.
CREATE TABLE IF NOT EXISTS events (
  id             uuid        PRIMARY KEY,
  run_id         text        NOT NULL,
  seq            bigint      NOT NULL,
  type           text        NOT NULL,
  aggregate_type text        NOT NULL,
  aggregate_id   text        NOT NULL,
  payload        jsonb       NOT NULL,
  -- when the executor meant to start the iteration (coordinated-omission accounting)
  scheduled_at   timestamptz,
  -- clock_timestamp(), not now(): rows of one transaction must carry their own write time
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX IF NOT EXISTS events_run_id_id_idx ON events (run_id, id);
CREATE INDEX IF NOT EXISTS events_run_id_seq_idx ON events (run_id, seq);
