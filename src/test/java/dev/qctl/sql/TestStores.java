package dev.qctl.sql;

import dev.qctl.config.Stores;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.QueueBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the tests find their servers: the machine's own services by default, overridable by
 * QCTL_TEST_PG_URL, QCTL_TEST_MYSQL_URL (MySQL Connector/J), QCTL_TEST_MARIADB_URL (the MariaDB
 * driver; by default the MySQL URL's server) and QCTL_TEST_REDIS_URL. A server that does not
 * answer fails the tests that need it with a message saying how to provide one; nothing is
 * skipped. Under {@code -Ptestcontainers}, such a server is started in a container instead, if a
 * Docker engine answers (see src/test-containers/java).
 */
public final class TestStores {
    /** The servers the tests use, each with its variable and its default. */
    public enum Service {
        POSTGRES("PostgreSQL", "QCTL_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test"),
        MYSQL("MariaDB/MySQL", "QCTL_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
        MARIADB("MariaDB", "QCTL_TEST_MARIADB_URL", null),
        REDIS("Redis", "QCTL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15");

        final String title;
        final String variable;
        private final String fallback;

        Service(String title, String variable, String fallback) {
            this.title = title;
            this.variable = variable;
            this.fallback = fallback;
        }

        /** The URL the environment names, else the default; the MariaDB driver defaults to the MySQL URL's server. */
        String configuredUrl() {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) return value;
            return this == MARIADB ? MYSQL.configuredUrl().replaceFirst("^[a-z]+:", "mariadb:") : fallback;
        }
    }

    /** Starts a server in a container; only compiled and present under -Ptestcontainers. */
    public interface ContainerFallback {
        /** Whether a Docker engine answers. */
        boolean available();

        /** Starts (once per test run) a server for the service and returns its URL, in the service's scheme. */
        String start(Service service);
    }

    /** The URLs found to answer (or the containers started), once per test run; a failure is tried again next time. */
    private static final Map<Service, String> RESOLVED = new ConcurrentHashMap<>();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final ContainerFallback CONTAINERS = containerFallback();

    private TestStores() {}

    public static String postgresUrl() {
        return url(Service.POSTGRES);
    }

    /** A {@code mysql://} URL: MySQL Connector/J. */
    public static String mysqlUrl() {
        return url(Service.MYSQL);
    }

    /** A {@code mariadb://} URL: the MariaDB driver. */
    public static String mariadbUrl() {
        return url(Service.MARIADB);
    }

    public static String redisUrl() {
        return url(Service.REDIS);
    }

    /** Opens a server store with its tables migrated and the given retry_after. */
    public static QueueBackend openMigrated(String url, Duration retryAfter) {
        ConnectionUrl parsed =
                Stores.parse(url + (url.contains("?") ? "&" : "?") + "retry_after=" + retryAfter.toSeconds());
        try (QueueBackend migrator = Stores.openForMigration(parsed)) {
            migrator.migrate();
        }
        return Stores.open(parsed, 4);
    }

    /** The service's URL if its server answers, else a container's where that is possible; otherwise the test fails. */
    public static String url(Service service) {
        return RESOLVED.computeIfAbsent(service, TestStores::resolve);
    }

    private static String resolve(Service service) {
        String url = service.configuredUrl();
        ConnectionUrl parsed = Stores.parse(url);
        if (answers(parsed.host(), parsed.port())) return url;
        if (CONTAINERS != null && CONTAINERS.available()) return CONTAINERS.start(service);
        String given = System.getenv(service.variable);
        String source = given == null || given.isBlank()
                ? "the default; set " + service.variable + " to change it"
                : "from " + service.variable;
        throw new AssertionError(service.title + " does not answer at " + parsed.host() + ":" + parsed.port() + " ("
                + parsed.redacted() + ", " + source + "). Start it, point " + service.variable
                + " at a running server, or "
                + (CONTAINERS == null
                        ? "run with -Ptestcontainers where a Docker engine is available"
                        : "make a Docker engine available to -Ptestcontainers (none answers)")
                + ". Tests that need it fail rather than skip.");
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ContainerFallback containerFallback() {
        try {
            return (ContainerFallback) Class.forName("dev.qctl.sql.DockerContainers")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ClassNotFoundException | LinkageError notUnderTheProfile) {
            return null; // a class left over from a -Ptestcontainers build finds no Testcontainers jars
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
