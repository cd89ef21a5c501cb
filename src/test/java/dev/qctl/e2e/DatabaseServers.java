package dev.qctl.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

/** Restarts this machine's PostgreSQL or MariaDB server, as a fault for the tests to survive. */
final class DatabaseServers {
    private DatabaseServers() {}

    static void restart(String url) throws IOException, InterruptedException {
        if (url.startsWith("postgres")) {
            sh(
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -n 1) main restart -m fast");
            waitUntil("pg_isready -q -h 127.0.0.1 -p 5432");
        } else {
            sh("mariadb-admin -uroot shutdown");
            sh("start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
            waitUntil("mariadb -h 127.0.0.1 -uroot -e 'select 1'");
        }
    }

    private static void waitUntil(String probe) {
        await("the server to come back: " + probe)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> run(probe) == 0);
    }

    private static void sh(String command) throws IOException, InterruptedException {
        int exit = run(command);
        if (exit != 0) throw new AssertionError("`" + command + "` exited " + exit);
    }

    private static int run(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
