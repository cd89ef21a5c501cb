package dev.qctl.sql;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code -Ptestcontainers}: a server in a container for each service whose own server does not
 * answer, the same servers the machine would run. Each starts once per test run; Testcontainers'
 * reaper removes them when the JVM exits. {@code mysql://} and {@code mariadb://} share one MariaDB.
 */
final class DockerContainers implements TestStores.ContainerFallback {
    private static PostgreSQLContainer postgres;
    private static MySQLContainer mariadb;
    private static GenericContainer<?> redis;

    @Override
    public boolean available() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Override
    public String start(TestStores.Service service) {
        synchronized (DockerContainers.class) {
            return switch (service) {
                case POSTGRES -> {
                    if (postgres == null) postgres = started(new PostgreSQLContainer("postgres:17-alpine"));
                    yield "postgres://" + postgres.getUsername() + ":" + postgres.getPassword() + "@" + postgres.getHost()
                            + ":" + postgres.getMappedPort(5432) + "/" + postgres.getDatabaseName();
                }
                case MYSQL, MARIADB -> {
                    if (mariadb == null) {
                        mariadb = started(new MySQLContainer(DockerImageName.parse("mariadb:10.11").asCompatibleSubstituteFor("mysql")));
                    }
                    yield (service == TestStores.Service.MYSQL ? "mysql" : "mariadb") + "://" + mariadb.getUsername() + ":"
                            + mariadb.getPassword() + "@" + mariadb.getHost() + ":" + mariadb.getMappedPort(3306) + "/"
                            + mariadb.getDatabaseName();
                }
                case REDIS -> {
                    if (redis == null) redis = started(new GenericContainer<>("redis:7-alpine").withExposedPorts(6379));
                    yield "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379) + "/15";
                }
            };
        }
    }

    private static <C extends GenericContainer<?>> C started(C container) {
        container.start();
        return container;
    }
}
