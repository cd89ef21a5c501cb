package dev.qctl.e2e;

import dev.qctl.testing.PartitionProxy;
import dev.qctl.testing.RestartableStore;
import java.util.List;

/**
 * One store as a ledger scenario sees it: the URL the test dispatches and inspects through, the
 * URL workers use (through a {@link PartitionProxy} where the store is a server, so the link can
 * be cut or slowed), a private server that may be restarted (never a shared one), the secrets
 * that must never be printed, and a URL with a wrong password whose error must not show it.
 */
record LedgerTarget(
        String name,
        String storeUrl,
        String workerUrl,
        PartitionProxy proxy,
        RestartableStore restartable,
        List<String> secrets,
        String wrongPasswordUrl) {}
