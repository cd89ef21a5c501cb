package dev.qctl.worker;

import dev.qctl.base.ExitCodes;

/** Why a worker stopped, as Laravel's WorkerStopReason names it, with the exit code each one gives. */
public enum StopReason {
    INTERRUPTED(ExitCodes.OK),
    ONCE(ExitCodes.OK),
    EMPTY(ExitCodes.OK),
    MAX_JOBS(ExitCodes.OK),
    MAX_TIME(ExitCodes.OK),
    /** `qctl restart` was given after the worker started. */
    RESTART_SIGNAL(ExitCodes.OK),
    MEMORY(ExitCodes.MEMORY_LIMIT);

    public final int exitCode;

    StopReason(int exitCode) {
        this.exitCode = exitCode;
    }

    public String label() {
        return name().toLowerCase();
    }
}
