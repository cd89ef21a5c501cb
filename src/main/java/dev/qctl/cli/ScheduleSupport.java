package dev.qctl.cli;

import dev.qctl.base.UsageException;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.ScheduleSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import sun.misc.Signal;

/** What the schedule:* commands share: the schedule from qctl.yml, this host's name, the environment. */
final class ScheduleSupport {
    /** The lock a schedule:interrupt sets; running schedule:work loops watch it. */
    static final String INTERRUPT_LOCK = "qctl:schedule:interrupt";

    private ScheduleSupport() {}

    /** The schedule, loaded and checked (a bad file is a qctl.yml:LINE: error, exit 2). */
    static Map<String, ScheduleSpec> schedule(QctlConfig config) {
        if (!config.exists())
            throw new UsageException("no qctl.yml found, so there is no schedule (see --config and $QCTL_CONFIG)");
        return config.schedule();
    }

    /** $QCTL_HOSTNAME, else the machine's name: what on_one_server and the history tell hosts apart by. */
    static String host() {
        String given = System.getenv("QCTL_HOSTNAME");
        if (given != null && !given.isBlank()) return given;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** $QCTL_ENV, else "production": what an entry's environments: is matched against. */
    static String environment() {
        String env = System.getenv("QCTL_ENV");
        return env == null || env.isBlank() ? "production" : env;
    }

    /** Calls {@code action} on SIGTERM and SIGINT instead of the JVM's immediate exit. */
    static void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> action.run());
            } catch (IllegalArgumentException e) {
                // not on this platform
            }
        }
    }
}
