-- Laravel's jobs, failed_jobs and job_batches tables, as its SQLite grammar creates them.
CREATE TABLE IF NOT EXISTS "jobs" ("id" integer primary key autoincrement not null, "queue" varchar not null, "payload" text not null, "attempts" integer not null, "reserved_at" integer, "available_at" integer not null, "created_at" integer not null);
-- SQLite indexes carry the rowid, so this one also serves "queue = ? ORDER BY id".
CREATE INDEX IF NOT EXISTS "jobs_queue_index" on "jobs" ("queue");
CREATE TABLE IF NOT EXISTS "failed_jobs" ("id" integer primary key autoincrement not null, "uuid" varchar not null, "connection" text not null, "queue" text not null, "payload" text not null, "exception" text not null, "failed_at" datetime not null default CURRENT_TIMESTAMP);
CREATE UNIQUE INDEX IF NOT EXISTS "failed_jobs_uuid_unique" on "failed_jobs" ("uuid");
CREATE TABLE IF NOT EXISTS "job_batches" ("id" varchar not null, "name" varchar not null, "total_jobs" integer not null, "pending_jobs" integer not null, "failed_jobs" integer not null, "failed_job_ids" text not null, "options" text, "cancelled_at" integer, "created_at" integer not null, "finished_at" integer, primary key ("id"));
-- qctl's own: named locks (the scheduler's overlap and one-server locks), expiry in store-clock Unix seconds.
CREATE TABLE IF NOT EXISTS "qctl_locks" ("name" varchar not null primary key, "owner" varchar not null, "expires_at" integer not null);
-- qctl's own: the scheduler's last runs per entry (started_at in Unix milliseconds).
CREATE TABLE IF NOT EXISTS "qctl_schedule_runs" ("id" integer primary key autoincrement not null, "entry" varchar not null, "started_at" integer not null, "duration_ms" integer not null, "status" varchar not null, "host" varchar not null);
CREATE INDEX IF NOT EXISTS "qctl_schedule_runs_entry_index" on "qctl_schedule_runs" ("entry", "id");
-- qctl's own: worker heartbeats (expires_at by the database clock) and fleet signals (restart, paused queues).
CREATE TABLE IF NOT EXISTS "qctl_workers" ("id" varchar not null, "info" text not null, "last_seen" integer not null, "expires_at" integer not null, primary key ("id"));
CREATE TABLE IF NOT EXISTS "qctl_controls" ("name" varchar not null, "value" integer not null, primary key ("name"));
