package dev.qctl.alert;

/** This process as a lock owner and in alert messages: host:pid. */
final class Host {
    static final String NAME = host();
    static final String OWNER = NAME + ":" + ProcessHandle.current().pid();

    private Host() {}

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
