package dev.qctl.handler;

import dev.qctl.api.Job;
import dev.qctl.api.JobData;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs a {@link Job} class: loads it from the worker's job class loader, binds the payload's
 * data to it, and calls {@code handle}. A missing class or data that does not bind fails that
 * job at once with the reason; the worker goes on with the next.
 */
final class JavaJobHandler implements JobHandler {
    private final String className; // null: take it from the payload's "java:<class>"
    private final ClassLoader loader;
    private final PrintStream log;

    JavaJobHandler(String className, ClassLoader loader, PrintStream log) {
        this.className = className;
        this.loader = loader;
        this.log = log;
    }

    @Override
    public void handle(Attempt context) throws Exception {
        String name = className != null ? className : context.payload().job().substring(JobData.PREFIX.length());
        Class<?> type;
        try {
            // loaded, not initialised: the name comes from the store, and a class that is not a Job
            // must not get to run its static initializer
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UnhandleableJobException("JobClassNotFound: " + name
                    + " is not on this worker's classpath (--classpath, or classpath: in qctl.yml)");
        }
        if (!Job.class.isAssignableFrom(type)) {
            throw new UnhandleableJobException("NotAJob: " + name + " does not implement " + Job.class.getName());
        }
        try {
            Class.forName(name, true, loader); // now a Job: its static initializer runs
        } catch (LinkageError e) {
            throw new UnhandleableJobException("JobClassInitFailed: " + name + " could not be initialised: " + e);
        }
        Job job;
        try {
            job = JobData.bind(context.payload().data(), type.asSubclass(Job.class));
        } catch (IllegalArgumentException e) {
            throw new UnhandleableJobException("BindFailed: " + e.getMessage());
        }
        Context ctx = new Context(context, log);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // libraries the job uses look its classes up here
        try {
            job.handle(ctx);
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (ctx.failReason != null) throw new UnhandleableJobException("failed by the job: " + ctx.failReason);
        if (ctx.releaseDelay != null) throw new ReleaseRequestedException(ctx.releaseDelay, "released by the job");
    }

    /** The public context handed to the job; remembers a release or fail request. */
    private static final class Context implements dev.qctl.api.JobContext {
        private final Attempt attempt;
        private final Consumer<String> logger;
        volatile Duration releaseDelay;
        volatile String failReason;

        Context(Attempt attempt, PrintStream log) {
            this.attempt = attempt;
            this.logger = line -> {
                synchronized (log) {
                    log.println("[job " + attempt.jobId() + "] " + line);
                }
            };
        }

        @Override
        public String id() {
            return attempt.jobId();
        }

        @Override
        public int attempt() {
            return attempt.attempt();
        }

        @Override
        public String queue() {
            return attempt.queue();
        }

        @Override
        public Consumer<String> logger() {
            return logger;
        }

        @Override
        public String batchId() {
            if (!attempt.payload().has("batchId")) return null;
            var node = dev.qctl.queue.Json.parse(attempt.payload().toJson(), "payload")
                    .get("batchId");
            return node == null || node.isNull() ? null : node.asText();
        }

        @Override
        public void release(Duration delay) {
            releaseDelay = delay == null ? Duration.ZERO : delay;
        }

        @Override
        public void fail(String reason) {
            failReason = reason == null || reason.isBlank() ? "no reason given" : reason;
        }
    }
}
