package dev.qctl.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import dev.qctl.testing.ledger.LedgerFile;
import dev.qctl.testing.ledger.LedgerLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Ledger jobs under keys (half dispatch ids, {@code "id"}; half unique keys, {@code "unique_for"}),
 * and a prober that dispatches each key again while workers are killed around them: a key must be
 * refused while its job is waiting or running (a kill -9 puts it back on the queue: still held)
 * and free once the job is done or failed for good, so a job accepted under a key must find the
 * job before it done, and a refusal must not come long after it. Every probe that is accepted is
 * one more ledger job (it must run like the rest), and once everything is done each key must be
 * accepted again.
 */
final class LedgerKeys {
    /**
     * How long after its job's last line a key may still be refused: the ack that frees it is
     * written a moment after that line (a background batch); on this loaded machine, up to a lease.
     */
    private final double slackSeconds;

    private final Qctl qctl;
    private final LedgerFile ledger;
    private final String storeUrl;
    private final String queue;
    private final int tries;
    private final Path dir;
    private final String prefix = "key-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    /** Each key and whether it is a unique key (else a dispatch id), in dispatch order. */
    private final Map<String, Boolean> unique = new LinkedHashMap<>();
    /** The ledger id of the job last accepted under each key (the one that should hold it). */
    private final Map<String, String> holder = new HashMap<>();

    /** How long the last keyed job is delayed: its key is probed first and must be refused. */
    private static final int HELD_DELAY_SECONDS = 6;

    private String heldKey;
    private final List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> acceptedIds = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failingIds = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** One dispatch of a key while the test ran, from before the command started to after it exited. */
    record Probe(String key, double from, double to, boolean accepted, String previous) {}

    LedgerKeys(Qctl qctl, LedgerFile ledger, Path dir, String storeUrl, String queue, int tries, Duration lease) {
        this.qctl = qctl;
        this.ledger = ledger;
        this.dir = dir;
        this.storeUrl = storeUrl;
        this.queue = queue;
        this.tries = tries;
        this.slackSeconds = lease.toMillis() / 1000.0;
    }

    /**
     * Dispatches {@code jobs} keyed ledger jobs doing {@code work}, and two more under keys that fail
     * for good at once ({@code --tries 1}, exit 3); returns the ids of the ones that succeed.
     */
    List<String> dispatch(int jobs, String work, Supplier<String> nextId) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        List<String> all = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < jobs + 2; i++) {
            String id = nextId.get();
            boolean failing = i >= jobs;
            String key = prefix + id;
            unique.put(key, i % 2 == 1);
            holder.put(key, id);
            all.add(id);
            if (failing) failingIds.add(id);
            else ids.add(id);
            // spread over a few seconds, so some keys are held by delayed jobs while others run; the
            // last one waits long enough to be refused by the probe that comes first, however loaded the machine
            int delay = i == jobs - 1 ? HELD_DELAY_SECONDS : i % 5;
            if (i == jobs - 1) heldKey = key;
            lines.append(line(key, ledger.jobScript(id, failing ? "exit 3" : work), failing ? 1 : tries, delay))
                    .append('\n');
        }
        List<String> uuids = dispatchLines(lines.toString());
        if (uuids.size() != all.size())
            throw new AssertionError(
                    "keyed dispatch printed " + uuids.size() + " jobs for " + all.size() + " fresh keys");
        for (int i = 0; i < all.size(); i++) ledger.dispatched(all.get(i), uuids.get(i));
        return ids;
    }

    /** Probes the key of the job delayed longest, which must still be held (run once, before {@link #startProber}). */
    void probeTheDelayedKey(String work, Supplier<String> nextId) throws IOException, InterruptedException {
        probe(heldKey, work, nextId);
    }

    /** The keyed jobs that fail for good: the wave waits for them to be failed before {@link #redispatchAll}. */
    List<String> failingIds() {
        return failingIds;
    }

    /**
     * Dispatches the keys again, one command at a time round the keys, until {@code over} is set
     * (on a thread of its own, beside the faults).
     */
    Thread startProber(AtomicBoolean over, String work, Supplier<String> nextId) {
        return Thread.ofPlatform().name("ledger-key-prober").start(() -> {
            for (int i = 0; !over.get(); i++) {
                try {
                    probe(pick(i % 2 == 0), work, nextId);
                } catch (IOException | RuntimeException e) {
                    synchronized (notes) {
                        notes.add("a probe failed: " + e);
                    }
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /**
     * The key to probe next, where the edges are: one whose job is running (the latest start
     * with no finish after it; else one still waiting or delayed) when {@code held}, else the one
     * whose job finished last, which should have just been freed.
     */
    private String pick(boolean held) {
        Map<String, Double> lastStart = new HashMap<>();
        Map<String, Double> lastFinish = new HashMap<>();
        for (LedgerLine l : ledger.lines()) {
            if (l.kind().equals("start")) lastStart.merge(l.id(), l.time(), Math::max);
            if (l.kind().equals("finish")) lastFinish.merge(l.id(), l.time(), Math::max);
        }
        String best = null;
        double bestTime = -1;
        String waiting = null;
        for (String key : unique.keySet()) {
            String job = holder.get(key);
            Double started = lastStart.get(job);
            Double finished = lastFinish.get(job);
            boolean done = started != null && finished != null && finished >= started;
            if (held && started == null && waiting == null) waiting = key;
            double t = held ? (started != null && !done ? started : -1) : (done ? finished : -1);
            if (t > bestTime) {
                bestTime = t;
                best = key;
            }
        }
        if (best == null) best = waiting;
        if (best == null) best = List.copyOf(unique.keySet()).get(probes.size() % unique.size());
        return best;
    }

    /** The ledger ids of the jobs probes put on the queue: they must run too. */
    List<String> accepted() {
        synchronized (acceptedIds) {
            return List.copyOf(acceptedIds);
        }
    }

    /** Once every keyed job is done or failed: every key is accepted again (returns the new jobs' ids). */
    List<String> redispatchAll(String work, Supplier<String> nextId) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (String key : unique.keySet()) {
            String id = nextId.get();
            ids.add(id);
            lines.append(line(key, ledger.jobScript(id, work), tries, 0)).append('\n');
        }
        List<String> uuids = dispatchLines(lines.toString());
        if (uuids.size() != ids.size()) {
            notes.add("after every keyed job was done or failed, " + (ids.size() - uuids.size()) + " of " + ids.size()
                    + " keys were still refused");
            return List.of();
        }
        for (int i = 0; i < ids.size(); i++) ledger.dispatched(ids.get(i), uuids.get(i));
        return ids;
    }

    /**
     * Each probe against the whole ledger: an accepted one found the job before it done (its last
     * run finished before the probe returned) or failed; a refused one came no later than the
     * slack after that job's last run finished (or, for one failed for good, a lease after its
     * last start: a job killed at its last attempt fails when its lease runs out).
     */
    List<String> problems(List<LedgerLine> lines, Set<String> failedUuids) {
        Map<String, String> uuidOf = new HashMap<>();
        Map<String, Double> lastStart = new HashMap<>();
        Map<String, Double> lastFinish = new HashMap<>();
        for (LedgerLine l : lines) {
            switch (l.kind()) {
                case "dispatched" -> uuidOf.put(l.id(), l.uuid());
                case "start" -> lastStart.merge(l.id(), l.time(), Math::max);
                case "finish" -> lastFinish.merge(l.id(), l.time(), Math::max);
                default -> {}
            }
        }
        List<String> problems = new ArrayList<>(notes);
        if (probes.stream().allMatch(Probe::accepted))
            problems.add("no probe was refused (not even the delayed job's key): the prober never met a held key");
        for (Probe p : List.copyOf(probes)) {
            String before = p.previous();
            boolean failed = failedUuids.contains(uuidOf.get(before));
            Double started = lastStart.get(before);
            Double finished = lastFinish.get(before);
            boolean ranToTheEnd = finished != null && started != null && finished >= started;
            String kind = unique.get(p.key()) ? "unique key " : "id ";
            if (p.accepted()) {
                boolean done = failed ? started != null && started <= p.to() : ranToTheEnd && finished <= p.to();
                if (!done)
                    problems.add(kind + p.key() + " was accepted at " + p.to() + " while job " + before
                            + " was not done (last start " + started + ", last finish " + finished + ")");
            } else {
                double freeBy = failed
                        ? (started == null ? Double.MAX_VALUE : started + 2 * slackSeconds)
                        : ranToTheEnd ? finished + slackSeconds : Double.MAX_VALUE;
                if (p.from() > freeBy)
                    problems.add(
                            kind + p.key() + " was refused at " + p.from() + ", " + (p.from() - freeBy + slackSeconds)
                                    + " s after job " + before + (failed ? " failed" : " finished"));
            }
        }
        return problems;
    }

    /** How many probes were accepted and how many refused, for the figures. */
    long[] acceptedAndRefused() {
        List<Probe> all = List.copyOf(probes);
        long accepted = all.stream().filter(Probe::accepted).count();
        return new long[] {accepted, all.size() - accepted};
    }

    private void probe(String key, String work, Supplier<String> nextId) throws IOException, InterruptedException {
        String id = nextId.get();
        List<String> args = new ArrayList<>(
                List.of("dispatch", "-c", storeUrl, "--queue", queue, "--tries", Integer.toString(tries), "--json"));
        if (unique.get(key)) args.addAll(List.of("--unique-for", "10m", "--unique-key", key));
        else args.addAll(List.of("--id", key));
        args.addAll(List.of("--", "bash", "-c", ledger.jobScript(id, work)));
        double from = now();
        Qctl.Result r = qctl.run(args.toArray(String[]::new));
        double to = now();
        if (r.exit() != 0) throw new IOException("probe dispatch exited " + r.exit() + ": " + r.err());
        JsonNode out = Json.parse(r.out().trim(), "dispatch");
        boolean accepted = !out.path("duplicate").asBoolean(false);
        String previous = holder.get(key);
        if (accepted) {
            ledger.dispatched(id, out.path("uuid").asText());
            holder.put(key, id);
            acceptedIds.add(id);
        }
        probes.add(new Probe(key, from, to, accepted, previous));
    }

    /** Pushes keyed --from lines; returns the uuids printed, one per line accepted, in order. */
    private List<String> dispatchLines(String lines) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "keyed-", ".jsonl");
        Files.writeString(file, lines);
        Qctl.Result r = qctl.run("dispatch", "-c", storeUrl, "--queue", queue, "--from", file.toString(), "--json");
        if (r.exit() != 0) throw new IOException("keyed dispatch exited " + r.exit() + ": " + r.err());
        List<String> uuids = new ArrayList<>();
        for (String l : r.out().lines().filter(l -> !l.isBlank()).toList())
            uuids.add(Json.parse(l, "dispatch").path("uuid").asText());
        return uuids;
    }

    private String line(String key, String script, int tries, int delaySeconds) {
        ObjectNode job = Json.MAPPER.createObjectNode().put("job", "exec");
        job.putObject("data").putArray("argv").add("bash").add("-c").add(script);
        job.put("tries", tries).put("queue", queue);
        if (delaySeconds > 0) job.put("delay", delaySeconds + "s");
        if (unique.get(key)) job.put("unique_for", "10m").put("unique_key", key);
        else job.put("id", key);
        return Json.write(job);
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
