-- Laravel's jobs, failed_jobs and job_batches tables, as its PostgreSQL grammar creates them.
CREATE TABLE IF NOT EXISTS jobs (id bigserial not null primary key, queue varchar(255) not null, payload text not null, attempts smallint not null, reserved_at integer null, available_at integer not null, created_at integer not null);
CREATE INDEX IF NOT EXISTS jobs_queue_index ON jobs (queue);
-- qctl's own index: reservation reads "queue = ? ORDER BY id", which Laravel's index alone cannot serve in order.
CREATE INDEX IF NOT EXISTS qctl_jobs_queue_id_index ON jobs (queue, id);
CREATE TABLE IF NOT EXISTS failed_jobs (id bigserial not null primary key, uuid varchar(255) not null, connection text not null, queue text not null, payload text not null, exception text not null, failed_at timestamp(0) without time zone not null default CURRENT_TIMESTAMP);
CREATE UNIQUE INDEX IF NOT EXISTS failed_jobs_uuid_unique ON failed_jobs (uuid);
CREATE TABLE IF NOT EXISTS job_batches (id varchar(255) not null primary key, name varchar(255) not null, total_jobs integer not null, pending_jobs integer not null, failed_jobs integer not null, failed_job_ids text not null, options text null, cancelled_at integer null, created_at integer not null, finished_at integer null);
-- qctl's own: named locks (the scheduler's overlap and one-server locks), expiry in store-clock Unix seconds.
CREATE TABLE IF NOT EXISTS qctl_locks (name varchar(191) not null primary key, owner varchar(255) not null, expires_at bigint not null);
-- qctl's own: the scheduler's last runs per entry (started_at in Unix milliseconds).
CREATE TABLE IF NOT EXISTS qctl_schedule_runs (id bigserial not null primary key, entry varchar(191) not null, started_at bigint not null, duration_ms bigint not null, status varchar(255) not null, host varchar(255) not null);
CREATE INDEX IF NOT EXISTS qctl_schedule_runs_entry_index ON qctl_schedule_runs (entry, id);
-- A queue table churns: every job is an insert, an update or two and a delete. Vacuum it
-- early so reservations do not wade through dead rows (storage settings, not columns).
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_cost_delay = 0);
-- qctl's own: worker heartbeats (expires_at by the database clock) and fleet signals (restart, paused queues).
CREATE TABLE IF NOT EXISTS qctl_workers (id varchar(255) not null primary key, info text not null, last_seen bigint not null, expires_at bigint not null);
CREATE TABLE IF NOT EXISTS qctl_controls (name varchar(300) not null primary key, value bigint not null);
