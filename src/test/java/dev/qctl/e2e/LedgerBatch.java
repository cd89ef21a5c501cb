package dev.qctl.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import dev.qctl.testing.ledger.LedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A batch of ledger jobs with then, catch and finally callbacks, run while workers are killed with
 * -9: afterwards the batch must count every job processed and none pending or failed, and each
 * callback must have been dispatched exactly once (then and finally) or never (catch). A callback
 * writes a line of its own to a file beside the ledger (its kind, job id and attempt). A callback
 * pushed twice is two jobs at attempt 1 (the same uuid: the batch keeps one payload per callback);
 * one run again after a kill is the same job at attempt 2, so dispatches are runs at attempt 1.
 */
final class LedgerBatch {
    private static final Duration CALLBACK_WAIT = Duration.ofSeconds(30);

    private final Qctl qctl;
    private final String storeUrl;
    private final String queue;
    private final Path callbacks;
    private String batchId;
    private int jobs;

    LedgerBatch(Qctl qctl, Path dir, String storeUrl, String queue) throws IOException {
        this.qctl = qctl;
        this.storeUrl = storeUrl;
        this.queue = queue;
        this.callbacks = Files.createTempFile(dir, "callbacks-", ".txt");
    }

    /** Dispatches {@code jobs} ledger jobs doing {@code work} as one batch; returns their ledger ids. */
    List<String> dispatch(LedgerFile ledger, int jobs, String work, int tries, Supplier<String> nextId)
            throws IOException, InterruptedException {
        this.jobs = jobs;
        StringBuilder lines = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String id = nextId.get();
            ids.add(id);
            lines.append(exec(ledger.jobScript(id, work), tries)).append('\n');
        }
        Path file = Files.createTempFile(callbacks.getParent(), "batch-", ".jsonl");
        Files.writeString(file, lines);
        Qctl.Result r = qctl.run(
                "dispatch",
                "-c",
                storeUrl,
                "--queue",
                queue,
                "--from",
                file.toString(),
                "--json",
                "--batch",
                "ledger",
                "--then",
                callback("then", tries),
                "--catch",
                callback("catch", tries),
                "--finally",
                callback("finally", tries));
        if (r.exit() != 0) throw new IOException("batch dispatch exited " + r.exit() + ": " + r.err());
        List<String> out = r.out().lines().filter(l -> !l.isBlank()).toList();
        if (out.size() != jobs) throw new AssertionError("batch dispatch printed " + out.size() + " jobs of " + jobs);
        for (int i = 0; i < jobs; i++) {
            JsonNode line = Json.parse(out.get(i), "dispatch");
            ledger.dispatched(ids.get(i), line.path("uuid").asText());
            batchId = line.path("batch").asText();
        }
        return ids;
    }

    /** Waits (bounded) for the then and finally callbacks to have run once the batch's jobs are done. */
    void awaitCallbacks() throws InterruptedException {
        long deadline = System.nanoTime() + CALLBACK_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, List<String>> ran = callbackJobs();
            if (ran.containsKey("then") && ran.containsKey("finally")) return;
            Thread.sleep(100);
        }
    }

    /** What is wrong with the batch's counts and callbacks; empty when it held. */
    List<String> problems() throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        Qctl.Result shown = qctl.run("batches", "show", "-c", storeUrl, batchId, "--json");
        if (shown.exit() != 0)
            return List.of("batches show " + batchId + " exited " + shown.exit() + ": " + shown.err());
        JsonNode b = Json.parse(shown.out(), "batches show");
        String counts = "total " + b.path("totalJobs").asInt() + ", pending "
                + b.path("pendingJobs").asInt() + ", processed "
                + b.path("processedJobs").asInt() + ", failed "
                + b.path("failedJobs").asInt();
        if (b.path("totalJobs").asInt() != jobs
                || b.path("pendingJobs").asInt() != 0
                || b.path("processedJobs").asInt() != jobs
                || b.path("failedJobs").asInt() != 0)
            problems.add("batch " + batchId + " of " + jobs + " jobs ended with " + counts);
        if (b.path("finishedAt").isNull()) problems.add("batch " + batchId + " never finished (" + counts + ")");
        Map<String, List<String>> ran = callbackJobs();
        for (String kind : List.of("then", "catch", "finally")) {
            int expected = kind.equals("catch") ? 0 : 1;
            int dispatched = ran.getOrDefault(kind, List.of()).size();
            if (dispatched != expected)
                problems.add("batch " + batchId + "'s " + kind + " callback was dispatched " + dispatched
                        + " times (runs at attempt 1: " + ran.getOrDefault(kind, List.of()) + "), not " + expected);
        }
        return problems;
    }

    /** The dispatches of each kind of callback: its runs at attempt 1, as job id@worker pid. */
    private Map<String, List<String>> callbackJobs() {
        Map<String, List<String>> ran = new HashMap<>();
        for (String line : Qctl.lines(callbacks)) {
            String[] f = line.trim().split(" ");
            if (f.length >= 4 && f[2].equals("1"))
                ran.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1] + "@" + f[3]);
        }
        return ran;
    }

    private String callback(String kind, int tries) {
        return exec(
                "echo \"" + kind + " $QCTL_JOB_ID $QCTL_ATTEMPT $PPID $EPOCHREALTIME\" >> '" + callbacks + "'", tries);
    }

    private String exec(String script, int tries) {
        ObjectNode job = Json.MAPPER.createObjectNode().put("job", "exec");
        job.putObject("data").putArray("argv").add("bash").add("-c").add(script);
        job.put("tries", tries).put("queue", queue);
        return Json.write(job);
    }

    /** How many times the {@code kind} callback (then, catch, finally) was dispatched, for the figures. */
    int dispatches(String kind) {
        return callbackJobs().getOrDefault(kind, List.of()).size();
    }
}
