package dev.qctl.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import dev.qctl.config.CronText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a cron expression is due, read in a timezone. cron-utils matches the expression against
 * wall-clock time and finds the next matching times; this class adds only the rule for the two
 * days a year the wall clock jumps (Vixie cron's rule):
 *
 * <ul>
 *   <li>Spring forward: a fixed-hour entry whose time falls in the gap (02:30 when clocks go from
 *       02:00 to 03:00) runs once, at the first valid minute after the gap (03:00 new time).
 *   <li>Fall back: a fixed-hour entry whose time falls in the repeated hour runs once, in the
 *       first pass (the earlier offset), not again in the second.
 *   <li>An entry whose hour field starts with {@code *} (every minute, every five minutes,
 *       hourly…) follows real time: nothing is caught up in the gap, and it runs in both passes
 *       of the repeated hour.
 * </ul>
 *
 * Due-ness is per minute: with a seconds field, an entry is due in every minute that holds one
 * of its times, and runs once in that minute.
 */
public final class CronSchedule {
    private final Cron cron;
    private final ExecutionTime times;
    private final ZoneId zone;
    private final boolean hourWildcard;

    public CronSchedule(String expression, ZoneId zone) {
        this.cron = CronText.parse(expression);
        this.times = ExecutionTime.forCron(cron);
        this.zone = zone;
        this.hourWildcard =
                cron.retrieve(CronFieldName.HOUR).getExpression().asString().startsWith("*");
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether the entry is due in the minute that holds {@code at}. */
    public boolean isDueAt(Instant at) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime here = minute.atZone(zone);
        LocalDateTime local = here.toLocalDateTime();
        if (matchesMinute(local)) {
            ZoneOffsetTransition t = zone.getRules().getTransition(local);
            boolean secondPass = t != null && t.isOverlap() && here.getOffset().equals(t.getOffsetAfter());
            return !secondPass || hourWildcard;
        }
        if (hourWildcard) return false;
        // the first valid minute after a gap catches up the entry's times inside the gap
        ZoneOffsetTransition gap = zone.getRules().previousTransition(minute.plusNanos(1));
        if (gap != null && gap.isGap() && gap.getInstant().equals(minute)) {
            for (LocalDateTime l = gap.getDateTimeBefore(); l.isBefore(gap.getDateTimeAfter()); l = l.plusMinutes(1))
                if (matchesMinute(l)) return true;
        }
        return false;
    }

    /** The next {@code count} minutes after {@code after} in which the entry is due. */
    public List<Instant> next(Instant after, int count) {
        TreeSet<Instant> found = new TreeSet<>();
        Instant from = after.truncatedTo(ChronoUnit.MINUTES);
        // Candidates come in wall-clock order from cron-utils; near a repeated hour an instant can
        // come from a wall time up to the shift before `from`, so the walk starts that much earlier.
        LocalDateTime local = from.atZone(zone).toLocalDateTime().minus(overlapShiftNear(from));
        LocalDateTime lastWanted = null;
        for (int guard = 0; guard < count * 4 + 300; guard++) {
            Optional<ZonedDateTime> n = times.nextExecution(local.atZone(ZoneOffset.UTC));
            if (n.isEmpty()) break;
            LocalDateTime candidate = n.get().toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
            if (lastWanted != null && candidate.isAfter(lastWanted)) break;
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(candidate);
            for (ZoneOffset offset : offsets) {
                Instant i = candidate.toInstant(offset);
                if (i.isAfter(from) && isDueAt(i)) found.add(i);
            }
            if (offsets.isEmpty()) {
                Instant i = zone.getRules().getTransition(candidate).getInstant();
                if (i.isAfter(from) && isDueAt(i)) found.add(i);
            }
            if (lastWanted == null && found.size() >= count) {
                // a later wall time cannot give an instant before this one, give or take a shift
                lastWanted = found.last().atZone(zone).toLocalDateTime().plusHours(2);
            }
            local = n.get().toLocalDateTime().withSecond(59);
        }
        List<Instant> out = new ArrayList<>(found);
        return out.subList(0, Math.min(count, out.size()));
    }

    /** How far the wall clock goes back at a repeated hour within a day of {@code at}; zero if none. */
    private Duration overlapShiftNear(Instant at) {
        ZoneOffsetTransition t = zone.getRules().previousTransition(at.plus(Duration.ofDays(1)));
        Duration shift = Duration.ZERO;
        while (t != null && t.getInstant().isAfter(at.minus(Duration.ofDays(1)))) {
            if (t.isOverlap()) shift = shift.plus(t.getDuration().negated());
            t = zone.getRules().previousTransition(t.getInstant());
        }
        return shift;
    }

    /** Whether a wall-clock minute holds one of the expression's times. */
    private boolean matchesMinute(LocalDateTime minute) {
        ZonedDateTime start = minute.truncatedTo(ChronoUnit.MINUTES).atZone(ZoneOffset.UTC);
        if (times.isMatch(start)) return true;
        if (!CronText.hasSeconds(cron)) return false;
        Optional<ZonedDateTime> n = times.nextExecution(start);
        return n.isPresent() && Duration.between(start, n.get()).compareTo(Duration.ofMinutes(1)) < 0;
    }
}
