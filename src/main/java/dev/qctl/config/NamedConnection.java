package dev.qctl.config;

import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * A connection named in qctl.yml. The password may come from the URL, an environment
 * variable ({@code password_env}) or a file ({@code password_file}, e.g. a Docker/K8s
 * secret); it is read only when the connection is opened, and never printed.
 *
 * @param retryAfter null = the URL's (or the default)
 * @param pool       null = as many as the command needs
 * @param failed     the name of another connection whose failed_jobs table records this one's
 *                   failures (Laravel's arrangement for a Redis queue with a database failed store);
 *                   null = this connection's own failed-job store
 * @param laravelName the name Laravel's config gives this connection ({@code laravel_name}), written to
 *                   failed_jobs.connection and matched by {@code retry}; null = {@code name}
 * @param laravelCache where the Laravel app keeps its cache ({@code laravel: {cache: …}}), whose restart
 *                   entry this connection's workers and {@code qctl restart} share; null = qctl's signal only
 * @param laravelCacheConnection the connection that cache lives in ({@code laravel: {cache_connection:}});
 *                   null = this one
 * @param laravelBatches the SQL connection whose {@code job_batches} holds this connection's Laravel batches
 *                   ({@code laravel: {batches:}}, Laravel's {@code queue.batching.database}); null = this one's
 */
public record NamedConnection(
        String name,
        ConnectionUrl url,
        Duration retryAfter,
        Integer pool,
        String passwordEnv,
        Path passwordFile,
        String failed,
        String laravelName,
        dev.qctl.queue.LaravelCache laravelCache,
        String laravelCacheConnection,
        String laravelBatches) {

    /** What failed_jobs.connection holds for this connection. */
    public String recordedName() {
        return laravelName != null ? laravelName : name;
    }

    /** The URL to open, with retry_after and the password filled in. */
    public ConnectionUrl resolve(Function<String, String> env) {
        String password = url.password();
        if (passwordEnv != null) {
            password = env.apply(passwordEnv);
            if (password == null)
                throw new UsageException("connection '" + name + "': password_env " + passwordEnv + " is not set");
        } else if (passwordFile != null) {
            try {
                password = Files.readString(passwordFile).strip();
            } catch (IOException e) {
                throw new UsageException("connection '" + name + "': cannot read password_file " + passwordFile);
            }
        }
        return url.with(password, retryAfter != null ? retryAfter : url.retryAfter())
                .named(recordedName());
    }

    /** The pool size to use when a command needs {@code wanted} connections. */
    public int poolSize(int wanted) {
        return pool == null ? wanted : Math.max(pool, wanted);
    }
}
