package dev.qctl.log;

import java.util.logging.Level;
import java.util.logging.LogManager;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Sends java.util.logging (pgjdbc, the JDK) into slf4j, filtered at the same threshold on the JUL side. */
final class JulBridge {
    private static boolean installed;

    private JulBridge() {}

    static synchronized void install(Level threshold) {
        if (!installed) {
            // reset() drops JUL's own two-line ConsoleHandler without building it first, as
            // SLF4JBridgeHandler.removeHandlersForRootLogger() would
            LogManager.getLogManager().reset();
            SLF4JBridgeHandler.install();
            installed = true;
        }
        LogManager.getLogManager().getLogger("").setLevel(threshold);
    }
}
