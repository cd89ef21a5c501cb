package dev.qctl.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.ConfigLoader;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.ScheduleSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Due-ness with an injected clock: every instant is given, never read. Frequency words become
 * the cron expressions artisan's helpers build; cron-utils reads them; the DST rule is
 * {@link CronSchedule}'s.
 */
class CronScheduleTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    private static final ZoneId CORDOBA = ZoneId.of("America/Argentina/Cordoba");

    private static ScheduleSpec entry(String when) {
        QctlConfig config = new ConfigLoader(k -> null).parse(Path.of("/srv/qctl.yml"), """
                schedule:
                  e:
                    %s
                    command: ["true"]
                """.formatted(when));
        return config.schedule().get("e");
    }

    /** Every real minute of a local day at which the entry is due, as local times with offset. */
    private static List<String> dueOn(String cron, ZoneId zone, LocalDate day) {
        CronSchedule schedule = new CronSchedule(cron, zone);
        List<String> due = new ArrayList<>();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        for (Instant t = day.atStartOfDay(zone).toInstant(); t.isBefore(end); t = t.plusSeconds(60))
            if (schedule.isDueAt(t)) due.add(t.atZone(zone).toOffsetDateTime().toString());
        return due;
    }

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "frequency: every_minute              | * * * * *",
                "frequency: every_two_minutes         | */2 * * * *",
                "frequency: every_three_minutes       | */3 * * * *",
                "frequency: every_four_minutes        | */4 * * * *",
                "frequency: every_five_minutes        | */5 * * * *",
                "frequency: every_ten_minutes         | */10 * * * *",
                "frequency: every_fifteen_minutes     | */15 * * * *",
                "frequency: every_thirty_minutes      | */30 * * * *",
                "frequency: hourly                    | 0 * * * *",
                "hourly_at: 17                        | 17 * * * *",
                "frequency: every_odd_hour            | 0 1-23/2 * * *",
                "frequency: every_two_hours           | 0 */2 * * *",
                "frequency: every_three_hours         | 0 */3 * * *",
                "frequency: every_four_hours          | 0 */4 * * *",
                "frequency: every_six_hours           | 0 */6 * * *",
                "frequency: daily                     | 0 0 * * *",
                "daily_at: \"02:00\"                  | 0 2 * * *",
                "at: \"9:05\"                         | 5 9 * * *",
                "twice_daily: [1, 13]                 | 0 1,13 * * *",
                "twice_daily: [1, 13, 15]             | 15 1,13 * * *",
                "frequency: weekdays                  | * * * * 1-5",
                "frequency: weekends                  | * * * * 6,0",
                "frequency: mondays                   | * * * * 1",
                "frequency: sundays                   | * * * * 0",
                "frequency: [weekdays, hourly]        | 0 * * * 1-5",
                "'frequency: weekdays\n    daily_at: \"08:00\"' | 0 8 * * 1-5",
                "weekly_on: [mon, \"08:00\"]          | 0 8 * * 1",
                "weekly_on: [5]                       | 0 0 * * 5",
                "frequency: weekly                    | 0 0 * * 0",
                "frequency: monthly                   | 0 0 1 * *",
                "monthly_on: [4, \"15:00\"]           | 0 15 4 * *",
                "frequency: twice_monthly             | 0 0 1,16 * *",
                "frequency: quarterly                 | 0 0 1 1-12/3 *",
                "frequency: yearly                    | 0 0 1 1 *",
                "days: [mon, wed, fri]                | * * * * 1,3,5",
                "cron: \"@hourly\"                    | @hourly",
                "cron: \"*/10 * * * * *\"             | */10 * * * * *",
            })
    void frequencyWordsBecomeArtisansCronExpressions(String yaml, String cron) {
        assertThat(entry(yaml).cron()).isEqualTo(cron);
    }

    @Test
    void frequencyWordsAreDueWhenTheirCronSays() {
        // Friday 2026-03-06, in UTC
        ZoneId utc = ZoneId.of("UTC");
        assertThat(due("frequency: every_five_minutes", "2026-03-06T10:15:00", utc))
                .isTrue();
        assertThat(due("frequency: every_five_minutes", "2026-03-06T10:16:00", utc))
                .isFalse();
        assertThat(due("hourly_at: 17", "2026-03-06T23:17:00", utc)).isTrue();
        assertThat(due("twice_daily: [1, 13]", "2026-03-06T13:00:00", utc)).isTrue();
        assertThat(due("twice_daily: [1, 13]", "2026-03-06T12:00:00", utc)).isFalse();
        assertThat(due("weekly_on: [fri, \"08:00\"]", "2026-03-06T08:00:00", utc))
                .isTrue();
        assertThat(due("weekly_on: [mon, \"08:00\"]", "2026-03-06T08:00:00", utc))
                .isFalse();
        assertThat(due("monthly_on: [6, \"15:00\"]", "2026-03-06T15:00:00", utc))
                .isTrue();
        assertThat(due("frequency: weekdays", "2026-03-06T15:00:00", utc)).isTrue();
        assertThat(due("frequency: weekdays", "2026-03-07T15:00:00", utc)).isFalse();
        assertThat(due("frequency: weekends", "2026-03-07T15:00:00", utc)).isTrue();
        assertThat(due("frequency: quarterly", "2026-04-01T00:00:00", utc)).isTrue();
        assertThat(due("frequency: quarterly", "2026-03-01T00:00:00", utc)).isFalse();
        assertThat(due("frequency: yearly", "2027-01-01T00:00:00", utc)).isTrue();
        // a late start: the minute is what counts, not the second
        assertThat(due("daily_at: \"02:00\"", "2026-03-06T02:00:40", utc)).isTrue();
        assertThat(due("daily_at: \"02:00\"", "2026-03-06T02:01:00", utc)).isFalse();
    }

    private static boolean due(String yaml, String localTime, ZoneId zone) {
        return new CronSchedule(entry(yaml).cron(), zone).isDueAt(at(localTime, zone));
    }

    @ParameterizedTest
    @CsvSource({
        "@yearly,   2027-01-01T00:00, 2027-01-01T00:01",
        "@annually, 2027-01-01T00:00, 2027-02-01T00:00",
        "@monthly,  2026-04-01T00:00, 2026-04-02T00:00",
        "@weekly,   2026-03-08T00:00, 2026-03-09T00:00",
        "@daily,    2026-03-09T00:00, 2026-03-09T01:00",
        "@midnight, 2026-03-09T00:00, 2026-03-09T00:30",
        "@hourly,   2026-03-09T05:00, 2026-03-09T05:30",
    })
    void nicknamesAreDueAtTheirTimes(String nickname, String dueAt, String notDueAt) {
        CronSchedule schedule = new CronSchedule(nickname, ZoneId.of("UTC"));
        assertThat(schedule.isDueAt(at(dueAt, ZoneId.of("UTC")))).isTrue();
        assertThat(schedule.isDueAt(at(notDueAt, ZoneId.of("UTC")))).isFalse();
    }

    @Test
    void aSecondsFieldMakesEveryMinuteHoldingATimeDue() {
        CronSchedule everyTen = new CronSchedule("*/10 * * * * *", ZoneId.of("UTC"));
        CronSchedule at30 = new CronSchedule("30 15 10 * * *", ZoneId.of("UTC"));
        assertThat(everyTen.isDueAt(at("2026-03-06T10:15:00", ZoneId.of("UTC"))))
                .isTrue();
        assertThat(at30.isDueAt(at("2026-03-06T10:15:00", ZoneId.of("UTC")))).isTrue();
        assertThat(at30.isDueAt(at("2026-03-06T10:16:00", ZoneId.of("UTC")))).isFalse();
    }

    @Test
    void theEntrysTimezoneDecidesWhenItIsDue() {
        // the 09:00 report in Córdoba (UTC-3, no DST) is due at 12:00 UTC, not at 09:00 UTC
        CronSchedule report = new CronSchedule(entry("daily_at: \"09:00\"").cron(), CORDOBA);
        assertThat(report.isDueAt(Instant.parse("2026-06-15T12:00:00Z"))).isTrue();
        assertThat(report.isDueAt(Instant.parse("2026-06-15T09:00:00Z"))).isFalse();
        assertThat(report.next(Instant.parse("2026-06-15T12:00:00Z"), 2))
                .containsExactly(Instant.parse("2026-06-16T12:00:00Z"), Instant.parse("2026-06-17T12:00:00Z"));
        assertThat(entry("timezone: America/Argentina/Cordoba\n    daily_at: \"09:00\"")
                        .timezone())
                .isEqualTo(CORDOBA);
    }

    // ---- DST: spring forward ----

    @ParameterizedTest
    @CsvSource({
        "America/New_York, 2026-03-08, 2026-03-08T03:00-04:00",
        "Europe/Berlin,    2026-03-29, 2026-03-29T03:00+02:00",
        "Australia/Sydney, 2026-10-04, 2026-10-04T03:00+11:00",
    })
    void a0230EntryRunsOnceAtTheFirstValidMinuteAfterTheSpringGap(String zone, LocalDate day, String expected) {
        assertThat(dueOn("30 2 * * *", ZoneId.of(zone), day)).containsExactly(expected);
        // and on the days around it, at 02:30 as always
        assertThat(dueOn("30 2 * * *", ZoneId.of(zone), day.minusDays(1)))
                .hasSize(1)
                .allMatch(t -> t.contains("T02:30"));
        assertThat(dueOn("30 2 * * *", ZoneId.of(zone), day.plusDays(1)))
                .hasSize(1)
                .allMatch(t -> t.contains("T02:30"));
    }

    @ParameterizedTest
    @CsvSource({"America/New_York, 2026-03-08", "Europe/Berlin, 2026-03-29", "Australia/Sydney, 2026-10-04"})
    void realTimeEntriesCatchNothingUpInTheSpringGap(String zone, LocalDate day) {
        assertThat(dueOn("0 * * * *", ZoneId.of(zone), day)).hasSize(23);
        assertThat(dueOn("* * * * *", ZoneId.of(zone), day)).hasSize(23 * 60);
        assertThat(dueOn("17 * * * *", ZoneId.of(zone), day)).noneMatch(t -> t.contains("T02:"));
    }

    // ---- DST: fall back ----

    @ParameterizedTest
    @CsvSource({
        // the repeated hour: New York 01:00-02:00, Berlin and Sydney 02:00-03:00
        "America/New_York, 2026-11-01, 30 1 * * *, 2026-11-01T01:30-04:00",
        "America/New_York, 2026-11-01, 30 2 * * *, 2026-11-01T02:30-05:00",
        "Europe/Berlin,    2026-10-25, 30 2 * * *, 2026-10-25T02:30+02:00",
        "Australia/Sydney, 2026-04-05, 30 2 * * *, 2026-04-05T02:30+11:00",
    })
    void aFixedTimeEntryRunsOnceNotTwiceOnTheFallBackDay(String zone, LocalDate day, String cron, String expected) {
        assertThat(dueOn(cron, ZoneId.of(zone), day)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource({"America/New_York, 2026-11-01", "Europe/Berlin, 2026-10-25", "Australia/Sydney, 2026-04-05"})
    void realTimeEntriesRunInBothPassesOfTheRepeatedHour(String zone, LocalDate day) {
        assertThat(dueOn("0 * * * *", ZoneId.of(zone), day)).hasSize(25);
        assertThat(dueOn("*/15 * * * *", ZoneId.of(zone), day)).hasSize(25 * 4);
    }

    @Test
    void nextDueTimesFollowTheSameRule() {
        CronSchedule daily0230 = new CronSchedule("30 2 * * *", NEW_YORK);
        assertThat(daily0230.next(at("2026-03-06T12:00", NEW_YORK), 3).stream()
                        .map(i -> i.atZone(NEW_YORK).toOffsetDateTime().toString()))
                .containsExactly("2026-03-07T02:30-05:00", "2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00");
        CronSchedule berlin = new CronSchedule("30 2 * * *", BERLIN);
        assertThat(berlin.next(at("2026-10-24T12:00", BERLIN), 2).stream()
                        .map(i -> i.atZone(BERLIN).toOffsetDateTime().toString()))
                .containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
        CronSchedule hourly = new CronSchedule("0 * * * *", SYDNEY);
        ZonedDateTime before = LocalDateTime.parse("2026-04-05T01:30").atZone(SYDNEY);
        assertThat(hourly.next(before.toInstant(), 3).stream()
                        .map(i -> i.atZone(SYDNEY).toOffsetDateTime().toString()))
                .containsExactly("2026-04-05T02:00+11:00", "2026-04-05T02:00+10:00", "2026-04-05T03:00+10:00");
        CronSchedule everyMinute = new CronSchedule("* * * * *", NEW_YORK);
        assertThat(everyMinute.next(Instant.parse("2026-06-15T12:00:30Z"), 3))
                .containsExactly(
                        Instant.parse("2026-06-15T12:01:00Z"),
                        Instant.parse("2026-06-15T12:02:00Z"),
                        Instant.parse("2026-06-15T12:03:00Z"));
        // from the first pass of New York's repeated hour, the second pass comes next in real time
        CronSchedule quarter = new CronSchedule("*/30 * * * *", NEW_YORK);
        Instant firstPass = Instant.parse("2026-11-01T05:40:00Z"); // 01:40 EDT
        assertThat(quarter.next(firstPass, 3).stream()
                        .map(i -> i.atZone(NEW_YORK).toOffsetDateTime().toString()))
                .containsExactly("2026-11-01T01:00-05:00", "2026-11-01T01:30-05:00", "2026-11-01T02:00-05:00");
        CronSchedule yearly = new CronSchedule("@yearly", NEW_YORK);
        assertThat(yearly.next(Instant.parse("2026-06-15T12:00:00Z"), 2)).hasSize(2);
    }
}
