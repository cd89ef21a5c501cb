package dev.qctl.testing.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LedgerChecker} found. The lists name ledger ids (a duplicate once per extra
 * finish; one nobody explains with its runs: attempt@worker start-finish, epoch seconds); {@link #problems()} is empty when the run held: nothing lost, every duplicate at a
 * fault, nothing stuck, nothing failed unrun, nothing unexpected, no secret printed.
 */
public record LedgerReport(
        int jobs,
        int starts,
        int finishes,
        int faults,
        int failed,
        List<String> lost,
        List<String> duplicatesAtFaults,
        List<String> unexplainedDuplicates,
        int stuck,
        List<String> failedWithoutRunning,
        List<String> unexpected,
        long attemptsSpentUnrun,
        List<String> secrets) {

    /** Each way the run did not hold, one line each; empty when it held. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!lost.isEmpty()) p.add(lost.size() + " lost: " + first(lost));
        if (!unexplainedDuplicates.isEmpty())
            p.add(unexplainedDuplicates.size() + " duplicates at no fault: " + first(unexplainedDuplicates));
        if (stuck > 0) p.add(stuck + " stuck in reserved at the end");
        if (!failedWithoutRunning.isEmpty())
            p.add(failedWithoutRunning.size() + " failed without running: " + first(failedWithoutRunning));
        if (!unexpected.isEmpty()) p.add(unexpected.size() + " ran but were never dispatched: " + first(unexpected));
        if (!secrets.isEmpty()) p.add(secrets.size() + " secrets printed: " + first(secrets));
        return p;
    }

    /** The figures on one line, as each run prints them. */
    public String figures() {
        return "jobs=" + jobs + " runs=" + starts + " finishes=" + finishes + " faults=" + faults + " failed=" + failed
                + " lost=" + lost.size() + " duplicates=" + (duplicatesAtFaults.size() + unexplainedDuplicates.size())
                + " (at faults " + duplicatesAtFaults.size() + ", unexplained " + unexplainedDuplicates.size() + ")"
                + " stuck=" + stuck + " failed_unrun=" + failedWithoutRunning.size() + " unexpected="
                + unexpected.size() + " attempts_spent_unrun=" + attemptsSpentUnrun + " secrets=" + secrets.size();
    }

    private static String first(List<String> items) {
        return items.size() <= 10 ? items.toString() : items.subList(0, 10) + " …";
    }
}
