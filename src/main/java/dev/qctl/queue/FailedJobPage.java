package dev.qctl.queue;

import java.util.List;

/**
 * One page of failed jobs, newest first.
 *
 * @param next the {@code beforeId} that asks for the following page, or 0 when there is none
 */
public record FailedJobPage(List<FailedJob> jobs, long next) {}
