package dev.qctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * One entry under qctl.yml's {@code schedule:}, checked.
 *
 * @param name               the entry's key under schedule:
 * @param cron               the cron expression it runs on (frequency words already turned into one)
 * @param written            how the file wrote it (the cron text or the frequency words), for listings
 * @param timezone           the zone its cron is read in; null means the host's
 * @param command            argv to run, or null for a dispatch entry
 * @param shell              run {@code command} (one string) with {@code sh -c}
 * @param dispatch           the job to put on a queue, or null for a command entry
 * @param withoutOverlapping the overlap lock's expiry, or null when overlapping is allowed
 * @param betweenFrom        with {@code betweenTo}: run only when local time is in [from, to]
 * @param environments       run only when $QCTL_ENV is one of these (empty: always)
 */
public record ScheduleSpec(
        String name,
        int line,
        String cron,
        String written,
        ZoneId timezone,
        List<String> command,
        boolean shell,
        Dispatch dispatch,
        Duration withoutOverlapping,
        boolean onOneServer,
        boolean runInBackground,
        Path output,
        Dispatch onFailure,
        Dispatch onSuccess,
        List<String> environments,
        String description,
        boolean enabled,
        LocalTime betweenFrom,
        LocalTime betweenTo) {

    /** A job a schedule entry dispatches: a named handler of qctl.yml with its data. */
    public record Dispatch(String handler, JsonNode data, String queue, Duration delay) {}

    /** What the entry does, in a few words: the argv, or "dispatch HANDLER". */
    public String what() {
        if (command != null) return String.join(" ", command);
        return "dispatch " + dispatch.handler() + (dispatch.queue() != null ? " → " + dispatch.queue() : "");
    }
}
