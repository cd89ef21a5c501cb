/**
 * The Redis store, on Lettuce, with Laravel's keys and payloads so qctl and a Laravel app can
 * share a queue.
 *
 * <h2>Connection URLs</h2>
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]} — standalone; {@code user} is an ACL user
 *       ({@code redis://:password@host} for the default user)</li>
 *   <li>{@code rediss://…} — the same over TLS. The server certificate is verified against the
 *       JVM's trust store and the host name ({@code verify=full}, the default);
 *       {@code sslrootcert=/path/ca.pem} trusts that CA instead; {@code verify=ca} skips the host
 *       name check; {@code verify=none} skips verification (tests only)</li>
 *   <li>{@code redis-sentinel://[user:password@]host:port[,host2:port2…][/db]?master=NAME} —
 *       Sentinel (default port 26379); {@code sentinel_password=} if the sentinels need one</li>
 *   <li>{@code redis-cluster://[user:password@]host:port[,host2:port2…]}, or {@code ?cluster=true}
 *       on a {@code redis://}/{@code rediss://} URL — Cluster. Queue names are hash-tagged
 *       ({@code queues:{NAME}}) as Laravel does; failed jobs live under {@code qctl:{failed}:}.
 *       Failing a job is then two steps (record, then remove), since the keys are in two slots.</li>
 * </ul>
 * Query parameters: {@code prefix} (prepended to every key, as Laravel's
 * {@code database.redis.options.prefix}; empty by default), {@code retry_after} (seconds, default
 * 90), {@code block_for} (longest BLPOP of an idle worker's listener, seconds; default 5, kept
 * below {@code timeout}; a BLPOP that times out simply starts again, so this is not a latency;
 * {@code 0} = do not block, poll every {@code --sleep}), {@code timeout} (command and connect
 * timeout in seconds, default 10).
 *
 * <h2>Keys</h2>
 * {@code queues:NAME} (list), {@code queues:NAME:delayed} and {@code queues:NAME:reserved}
 * (sorted sets scored by Unix time from the server's {@code TIME}), {@code queues:NAME:notify}
 * (one token per ready job, for BLPOP); {@code qctl:failed:<id>} hashes, {@code qctl:failed:ids},
 * {@code qctl:failed:uuids}, {@code qctl:failed:seq}. Each multi-key step is one Lua script from
 * this package's resources, run by SHA.
 */
package dev.qctl.redis;
