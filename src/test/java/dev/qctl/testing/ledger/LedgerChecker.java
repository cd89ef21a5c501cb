package dev.qctl.testing.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a ledger against what the store says at the end (which uuids are failed, how many jobs
 * are still reserved) and what the secret scan found, Jepsen style: every acknowledged dispatch
 * must end finished or failed, a job may finish twice only where a fault explains it, and a
 * failed job must have started at least once. A repeated run is put down to a fault when the
 * run before it (from its start to its unacknowledged finish) overlaps the fault's window.
 */
public final class LedgerChecker {
    /**
     * How far before a fault a finish, and after it a start, still counts as "at" it: the ack of a
     * job that finished just before a kill or cut is written in the background, a moment after the
     * job's last line; and a job a worker was starting when it was frozen writes its first line a
     * moment after SIGCONT (seen in a Redis soak: 3 ms after), its lease gone meanwhile.
     */
    private final double slackSeconds;

    public LedgerChecker(Duration slack) {
        this.slackSeconds = slack.toMillis() / 1000.0;
    }

    public LedgerReport check(List<LedgerLine> lines, Set<String> failedUuids, int stuck, List<String> secrets) {
        Map<String, String> uuidOf = new LinkedHashMap<>();
        Map<String, List<LedgerLine>> startsOf = new HashMap<>();
        Map<String, List<LedgerLine>> finishesOf = new HashMap<>();
        List<LedgerLine> faults = new ArrayList<>();
        int starts = 0;
        int finishes = 0;
        for (LedgerLine l : lines) {
            switch (l.kind()) {
                case "dispatched" -> uuidOf.put(l.id(), l.uuid());
                case "start" -> {
                    starts++;
                    startsOf.computeIfAbsent(l.id(), k -> new ArrayList<>()).add(l);
                }
                case "finish" -> {
                    finishes++;
                    finishesOf.computeIfAbsent(l.id(), k -> new ArrayList<>()).add(l);
                }
                case "fault" -> faults.add(l);
                default -> throw new IllegalArgumentException(l.kind());
            }
        }

        List<String> lost = new ArrayList<>();
        List<String> atFaults = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        List<String> failedUnrun = new ArrayList<>();
        long spentUnrun = 0;
        int failed = 0;
        for (Map.Entry<String, String> job : uuidOf.entrySet()) {
            String id = job.getKey();
            boolean isFailed = failedUuids.contains(job.getValue());
            if (isFailed) failed++;
            List<LedgerLine> ran = startsOf.getOrDefault(id, List.of());
            List<LedgerLine> done = finishesOf.getOrDefault(id, List.of());
            if (done.isEmpty() && !isFailed) lost.add(id);
            if (isFailed && ran.isEmpty()) failedUnrun.add(id);
            spentUnrun += attemptsSpentUnrun(ran);
            List<LedgerLine> inOrder = done.stream()
                    .sorted((a, b) -> Double.compare(a.time(), b.time()))
                    .toList();
            for (int i = 1; i < inOrder.size(); i++) {
                // the run before this one finished but was not acknowledged: a fault must explain why
                LedgerLine finish = inOrder.get(i - 1);
                double started = ran.stream()
                        .filter(s -> s.attempt() == finish.attempt())
                        .mapToDouble(LedgerLine::time)
                        .min()
                        .orElse(finish.time());
                if (atFault(started, finish.time(), faults)) atFaults.add(id);
                else unexplained.add(id + " " + runs(ran, done));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String id : startsOf.keySet()) if (!uuidOf.containsKey(id)) unexpected.add(id);
        return new LedgerReport(
                uuidOf.size(),
                starts,
                finishes,
                faults.size(),
                failed,
                lost,
                atFaults,
                unexplained,
                stuck,
                failedUnrun,
                unexpected,
                spentUnrun,
                List.copyOf(secrets));
    }

    /**
     * Whether a run overlaps a fault's window (widened by the slack on both sides). Faults named
     * {@code clean-…} (a SIGTERM drain, added latency) explain nothing: qctl must not repeat a
     * job for them.
     */
    private boolean atFault(double started, double finished, List<LedgerLine> faults) {
        for (LedgerLine f : faults) {
            if (f.id().startsWith("clean-")) continue;
            if (started <= f.until() + slackSeconds && finished >= f.time() - slackSeconds) return true;
        }
        return false;
    }

    /** A job's runs, for a duplicate nobody explains: attempt@worker start–finish. */
    private static String runs(List<LedgerLine> starts, List<LedgerLine> finishes) {
        StringBuilder text = new StringBuilder("(");
        for (LedgerLine s : starts) {
            text.append(text.length() > 1 ? ", " : "")
                    .append(s.attempt())
                    .append('@')
                    .append(s.workerPid());
            text.append(String.format(java.util.Locale.ROOT, " %.3f", s.time()));
            for (LedgerLine f : finishes)
                if (f.attempt() == s.attempt()) text.append(String.format(java.util.Locale.ROOT, "-%.3f", f.time()));
        }
        return text.append(')').toString();
    }

    /** Attempts counted for a job that never started under them (the highest attempt seen, less those seen). */
    private static long attemptsSpentUnrun(List<LedgerLine> starts) {
        if (starts.isEmpty()) return 0;
        long highest = starts.stream().mapToLong(LedgerLine::attempt).max().orElse(0);
        long seen = starts.stream().mapToLong(LedgerLine::attempt).distinct().count();
        return highest - seen;
    }
}
