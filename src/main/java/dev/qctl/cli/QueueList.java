package dev.qctl.cli;

import dev.qctl.base.UsageException;
import java.util.Arrays;
import java.util.List;

/** Parses artisan's comma-separated queue lists ({@code --queue=high,default,low}). */
final class QueueList {
    private QueueList() {}

    static List<String> parse(String text) {
        List<String> queues = Arrays.stream(text.split(",")).map(String::trim).filter(q -> !q.isEmpty()).toList();
        if (queues.isEmpty()) throw new UsageException("--queue names no queue");
        return queues;
    }
}
