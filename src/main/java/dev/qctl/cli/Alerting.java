package dev.qctl.cli;

import dev.qctl.alert.BacklogAlerts;
import dev.qctl.config.QctlConfig;
import java.io.PrintWriter;

/** What the commands that check backlog alerts share. */
final class Alerting {
    private Alerting() {}

    /** The queue an alert that names none watches: qctl.yml's defaults.queue, else "default". */
    static String defaultQueue(QctlConfig config) {
        return config.defaults().queue() != null ? config.defaults().queue() : "default";
    }

    /** Checks once and says on {@code err} which fired; a store that cannot be reached is one line too. */
    static void check(BacklogAlerts alerts, PrintWriter err) {
        try {
            for (String fired : alerts.check()) err.println("qctl: alert fired: " + fired);
        } catch (RuntimeException e) {
            err.println("qctl: cannot check the alerts (" + e.getMessage() + ")");
        }
        err.flush();
    }
}
