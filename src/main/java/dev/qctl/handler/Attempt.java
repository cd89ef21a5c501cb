package dev.qctl.handler;

import dev.qctl.queue.Payload;

/**
 * What a handler knows about the attempt it runs.
 *
 * @param jobId      the job's id in the store
 * @param queue      the queue it came from
 * @param attempt    this attempt's number, starting at 1
 * @param connection the connection name
 * @param payload    the parsed envelope
 */
public record Attempt(String jobId, String queue, int attempt, String connection, Payload payload) {}
