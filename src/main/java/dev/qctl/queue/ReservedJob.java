package dev.qctl.queue;

/**
 * A job a worker holds a reservation (lease) on.
 *
 * @param id        the job's id in the store (a row id on SQL, the payload id on Redis)
 * @param queue     the queue it was reserved from
 * @param rawPayload the payload exactly as stored; may be invalid JSON if someone wrote garbage
 * @param attempts  the attempt this reservation is, starting at 1; it is also the fencing
 *                  token: acks, releases and renewals apply only while the store still holds
 *                  this attempt number for the job, so a worker whose lease expired and was
 *                  handed to another worker cannot touch the job any more
 * @param lease     backend-specific reservation handle (for example the exact reserved
 *                  payload string on Redis); null where the id and attempts suffice
 * <p>Attempts are a {@code long}: the column may hold more than an {@code int} (SQLite's 64-bit
 * integers), and a wrapped count would no longer match its own row's fence.
 */
public record ReservedJob(String id, String queue, String rawPayload, long attempts, String lease) {}
