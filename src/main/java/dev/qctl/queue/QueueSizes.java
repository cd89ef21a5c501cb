package dev.qctl.queue;

/**
 * The jobs of one queue by state, as artisan's queue:monitor counts them.
 *
 * @param pending          available now and not reserved
 * @param delayed          not available yet
 * @param reserved         held by a worker (including expired leases not yet reclaimed)
 * @param oldestPendingAge seconds since the oldest pending job became available, or -1
 */
public record QueueSizes(String queue, long pending, long delayed, long reserved, long oldestPendingAge) {
    public long total() {
        return pending + delayed + reserved;
    }
}
