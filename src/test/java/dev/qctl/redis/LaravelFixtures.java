package dev.qctl.redis;

/** Payloads exactly as Laravel's RedisQueue writes them (hand-written from the spec, section 3 and 4). */
final class LaravelFixtures {
    private LaravelFixtures() {}

    static final String UUID = "9b1f6c2e-4a8d-4f5e-9c3b-2d7e8f1a0b6c";
    static final String ID = "Xq3vR8kLmN2pT6wYzA1bC4dE7fG0hJ5s";

    /** A queued command job (SendInvoiceMail) with Laravel 13 fields, as pushed: attempts 0. */
    static String commandJob() {
        return "{\"uuid\":\"" + UUID + "\",\"displayName\":\"App\\\\Jobs\\\\SendInvoiceMail\","
                + "\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"maxTries\":3,\"maxExceptions\":null,"
                + "\"failOnTimeout\":false,\"backoff\":\"10,60\",\"timeout\":120,\"retryUntil\":null,"
                + "\"deleteWhenMissingModels\":true,"
                + "\"data\":{\"commandName\":\"App\\\\Jobs\\\\SendInvoiceMail\",\"command\":"
                + "\"O:24:\\\"App\\\\Jobs\\\\SendInvoiceMail\\\":1:{s:9:\\\"invoiceId\\\";i:42;}\",\"batchId\":null},"
                + "\"createdAt\":1795420000,\"delay\":null,\"id\":\"" + ID + "\",\"attempts\":0}";
    }
}
