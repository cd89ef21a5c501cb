package dev.qctl.api;

/**
 * A job written in Java. The class needs a way for Jackson to build it from the job's
 * {@code data}: a record, or a class with a no-argument constructor (fields are bound
 * directly, private ones too). Returning normally means done; throwing is a failed attempt
 * that the worker retries by the job's tries and backoff.
 *
 * <p>On the queue its payload's {@code job} is {@code "java:" + getClass().getName()}
 * (see {@link JobData#PREFIX}); workers load the class from {@code --classpath} or the
 * {@code classpath:} entry of qctl.yml.
 */
public interface Job {
    void handle(JobContext context) throws Exception;
}
