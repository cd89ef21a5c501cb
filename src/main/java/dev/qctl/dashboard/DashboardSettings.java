package dev.qctl.dashboard;

import java.util.List;

/**
 * How {@code qctl dashboard} serves.
 *
 * @param basePath     the path the pages live under, {@code /qctl}, or {@code ""} for the root
 * @param password     the login password, or null (no password login)
 * @param token        the API's bearer token ({@code Authorization: Bearer}), or null; with neither
 *                     a password nor a token there is no login (allowed on the loopback only)
 * @param secureCookie whether the session cookie is marked {@code Secure} (behind a TLS proxy)
 * @param queues       queues always shown on the overview, besides those workers serve or jobs failed on
 * @param schedule     the schedule page's rows, computed when asked
 */
public record DashboardSettings(
        String host,
        int port,
        String basePath,
        boolean readOnly,
        String user,
        String password,
        String token,
        boolean secureCookie,
        List<String> queues,
        ScheduleSource schedule) {

    /** The schedule entries with next due time and last run, as {@code schedule:list --json} gives them. */
    @FunctionalInterface
    public interface ScheduleSource {
        com.fasterxml.jackson.databind.JsonNode entries();
    }

    public boolean loginRequired() {
        return password != null || token != null;
    }
}
