package dev.qctl.testing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself: it must catch what the fault scenarios exist to catch. */
class LedgerCheckerTest {
    @TempDir
    Path dir;

    private final LedgerChecker checker = new LedgerChecker(Duration.ofSeconds(2));

    @Test
    void aCleanRunHasNoProblems() throws Exception {
        LedgerFile ledger = ledger(
                "dispatched a ua",
                "dispatched b ub",
                "start a 1 100 10.0",
                "finish a 1 100 10.1",
                "start b 1 100 10.0",
                "start b 2 101 20.0"); // b failed on its second attempt
        LedgerReport report = checker.check(ledger.lines(), Set.of("ub"), 0, List.of());
        assertThat(report.problems()).isEmpty();
        assertThat(report.figures()).contains("jobs=2", "failed=1", "lost=0", "duplicates=0");
    }

    @Test
    void catchesALostJob() throws Exception {
        LedgerReport report = checker.check(
                ledger(
                                "dispatched a ua",
                                "dispatched b ub",
                                "start a 1 100 10.0",
                                "finish a 1 100 10.1",
                                "start b 1 100 10.0")
                        .lines(),
                Set.of(),
                0,
                List.of());
        assertThat(report.lost()).containsExactly("b");
        assertThat(report.problems()).containsExactly("1 lost: [b]");
    }

    @Test
    void aDuplicateIsExplainedOnlyByAFaultAtItsFirstFinish() throws Exception {
        LedgerFile ledger = ledger(
                "dispatched a ua",
                "dispatched b ub",
                "start a 1 100 10.0",
                "finish a 1 100 10.5",
                "fault kill-9 11.0 11.2", // a's ack died with its worker
                "start a 2 101 15.0",
                "finish a 2 101 15.1",
                "start b 1 101 30.0",
                "finish b 1 101 30.1",
                "start b 2 101 40.0",
                "finish b 2 101 40.1",
                "fault clean-sigterm 29.0 31.0"); // a drain must not repeat a job
        LedgerReport report = checker.check(ledger.lines(), Set.of(), 0, List.of());
        assertThat(report.duplicatesAtFaults()).containsExactly("a");
        assertThat(report.unexplainedDuplicates()).containsExactly("b (1@101 30.000-30.100, 2@101 40.000-40.100)");
        assertThat(report.problems()).singleElement().asString().startsWith("1 duplicates at no fault: [b ");
    }

    @Test
    void aRunStartingJustAfterAFreezeEndsIsAtTheFreezeButNotSecondsLater() throws Exception {
        LedgerFile ledger = ledger(
                "dispatched a ua",
                "dispatched b ub",
                "fault sigstop 10.0 14.0",
                "start a 1 100 14.003", // its spawn was under way when the worker froze
                "finish a 1 100 14.02",
                "start a 2 101 15.0",
                "finish a 2 101 15.1",
                "start b 1 100 17.0",
                "finish b 1 100 17.1",
                "start b 2 101 20.0",
                "finish b 2 101 20.1");
        LedgerReport report = checker.check(ledger.lines(), Set.of(), 0, List.of());
        assertThat(report.duplicatesAtFaults()).containsExactly("a");
        assertThat(report.unexplainedDuplicates()).singleElement().asString().startsWith("b ");
    }

    @Test
    void catchesFailuresWithoutARunStuckJobsSecretsAndStrangers() throws Exception {
        LedgerFile ledger = ledger("dispatched a ua", "start z 1 100 10.0", "start c 3 100 10.0");
        LedgerReport report = checker.check(ledger.lines(), Set.of("ua"), 2, List.of("qctl-work.err: hunter2"));
        assertThat(report.failedWithoutRunning()).containsExactly("a");
        assertThat(report.unexpected()).containsExactlyInAnyOrder("z", "c");
        assertThat(report.problems()).hasSize(4);
        assertThat(report.stuck()).isEqualTo(2);
        assertThat(report.attemptsSpentUnrun()).as("only dispatched jobs count").isZero();
    }

    @Test
    void countsAttemptsSpentWithoutARun() throws Exception {
        LedgerFile ledger = ledger("dispatched a ua", "start a 2 100 10.0", "finish a 2 100 10.1");
        assertThat(checker.check(ledger.lines(), Set.of(), 0, List.of()).attemptsSpentUnrun())
                .isEqualTo(1);
    }

    @Test
    void aJobsScriptWritesLinesTheCheckerReads() throws Exception {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ledger.dispatched("j1", "u1");
        ProcessBuilder job = new ProcessBuilder("bash", "-c", ledger.jobScript("j1", "true")).redirectErrorStream(true);
        job.environment().put("QCTL_ATTEMPT", "1");
        Process p = job.start();
        assertThat(p.waitFor()).isZero();
        List<LedgerLine> lines = ledger.lines();
        assertThat(lines).extracting(LedgerLine::kind).containsExactly("dispatched", "start", "finish");
        assertThat(lines.get(1).workerPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(checker.check(lines, Set.of(), 0, List.of()).problems()).isEmpty();
    }

    private LedgerFile ledger(String... lines) throws Exception {
        Path file = dir.resolve("ledger.txt");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return new LedgerFile(file);
    }
}
