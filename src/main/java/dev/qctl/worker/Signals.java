package dev.qctl.worker;

import sun.misc.Signal;

/**
 * The worker's signals, as artisan reads them: TERM and INT stop taking jobs and let the
 * running ones finish; USR2 pauses; CONT resumes. (The JVM keeps QUIT for thread dumps.)
 */
final class Signals {
    private Signals() {}

    static void install(Runnable stop, Runnable pause, Runnable resume) {
        handle("TERM", stop);
        handle("INT", stop);
        handle("USR2", pause);
        handle("CONT", resume);
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), s -> action.run());
        } catch (IllegalArgumentException e) {
            // not available on this platform (e.g. Windows): the worker still runs, without it
        }
    }
}
