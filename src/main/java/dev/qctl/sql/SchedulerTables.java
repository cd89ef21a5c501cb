package dev.qctl.sql;

/**
 * The scheduler's tables ({@code qctl_locks}, {@code qctl_schedule_runs}) arrived after the
 * jobs tables: a database migrated before them gets them on first use ({@code qctl migrate}
 * is idempotent), so an existing install needs no extra step.
 */
final class SchedulerTables {
    private final SqlStore store;
    private volatile boolean present;

    SchedulerTables(SqlStore store) {
        this.store = store;
    }

    void ensure() {
        if (present) return;
        synchronized (this) {
            if (present) return;
            if (!store.hasTable("qctl_locks") || !store.hasTable("qctl_schedule_runs")) store.migrate();
            present = true;
        }
    }
}
