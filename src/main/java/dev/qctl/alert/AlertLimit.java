package dev.qctl.alert;

import dev.qctl.config.AlertSpec;
import dev.qctl.queue.Locks;

/**
 * {@code at_most: N/period}, across every host: N locks in the store per alert, each held for
 * the period by whoever sent a notification. A notification may go out when one of them is
 * free, so at most N go out in any one period, however many workers see failures.
 */
final class AlertLimit {
    static final String PREFIX = "qctl-alert:";

    private AlertLimit() {}

    /** Takes a slot for one notification; true if it may be sent. */
    static boolean take(Locks locks, AlertSpec alert) {
        if (alert.atMost() == 0) return true;
        for (int slot = 0; slot < alert.atMost(); slot++)
            if (locks.acquire(PREFIX + alert.name() + ":" + slot, Host.OWNER, alert.per())) return true;
        return false;
    }
}
