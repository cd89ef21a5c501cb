package dev.qctl.worker;

/**
 * What a worker tells an observer (metrics, alerts) as jobs move, called on the thread where
 * the event happens: a job's slot, the reservation loop, the ack writer. Each call must be
 * cheap and must not throw; the default does nothing, so a worker without an observer pays
 * one interface call per event.
 */
public interface WorkerEvents {
    WorkerEvents NONE = new WorkerEvents() {};

    /** Tells {@code first}, then {@code second}, of every event. */
    static WorkerEvents both(WorkerEvents first, WorkerEvents second) {
        if (first == NONE) return second;
        if (second == NONE) return first;
        return new WorkerEvents() {
            @Override
            public void reserved(int jobs, long nanos) {
                first.reserved(jobs, nanos);
                second.reserved(jobs, nanos);
            }

            @Override
            public void acked(int jobs, long nanos) {
                first.acked(jobs, nanos);
                second.acked(jobs, nanos);
            }

            @Override
            public void storeError(String operation) {
                first.storeError(operation);
                second.storeError(operation);
            }

            @Override
            public void started(String queue, String job, long waitedSeconds) {
                first.started(queue, job, waitedSeconds);
                second.started(queue, job, waitedSeconds);
            }

            @Override
            public void finished(String queue, String job, long nanos) {
                first.finished(queue, job, nanos);
                second.finished(queue, job, nanos);
            }

            @Override
            public void released(String queue, String job) {
                first.released(queue, job);
                second.released(queue, job);
            }

            @Override
            public void timedOut(String queue, String job) {
                first.timedOut(queue, job);
                second.timedOut(queue, job);
            }

            @Override
            public void failed(JobFailure failure) {
                first.failed(failure);
                second.failed(failure);
            }
        };
    }

    /** A reservation round trip returned {@code jobs} jobs after {@code nanos}. */
    default void reserved(int jobs, long nanos) {}

    /** One ack round trip covered {@code jobs} finished jobs and took {@code nanos}. */
    default void acked(int jobs, long nanos) {}

    /** A call to the store failed ({@code operation}: reserve, ack, heartbeat, …). */
    default void storeError(String operation) {}

    /**
     * A job's handler starts. {@code job} is its handler name (bounded, unlike ids or display
     * names); {@code waitedSeconds} is how long it waited since it was dispatched, or -1 when
     * unknown or not its first attempt.
     */
    default void started(String queue, String job, long waitedSeconds) {}

    /** A job's handler returned (whatever the outcome) after {@code nanos}. */
    default void finished(String queue, String job, long nanos) {}

    /** A job went back to its queue for another attempt. */
    default void released(String queue, String job) {}

    /** An attempt ran past its timeout and was ended. */
    default void timedOut(String queue, String job) {}

    /** A job failed for good: it is in the failed-job store and off its queue. */
    default void failed(JobFailure failure) {}

    /**
     * A job that failed for good.
     *
     * @param job         its handler name ({@code (unreadable)} for a payload that is not JSON)
     * @param displayName the name it is shown by
     */
    record JobFailure(String queue, String job, String displayName, String id, String uuid, String reason) {}
}
