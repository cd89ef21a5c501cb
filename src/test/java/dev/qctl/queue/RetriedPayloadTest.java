package dev.qctl.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A retried payload keeps the bytes Laravel wrote ({@code json_encode} with
 * {@code JSON_UNESCAPED_UNICODE}: {@code \/} escaped, UTF-8 kept, a pre-escaped
 * {@code \u00e9} as written) but for the values a retry must change.
 */
class RetriedPayloadTest {
    static final long NOW = 1_800_000_000L;

    /** A Laravel Redis job as RedisQueue::createPayload writes it, after two attempts, with a retryUntil window of 600 s. */
    static String laravelRedisJob(String retryUntil, String createdAt) {
        return "{\"uuid\":\"6f1c2b7e-0d4a-4c1b-9a8e-3f2d1c0b9a87\",\"displayName\":\"App\\\\Jobs\\\\SendInvoice\","
                + "\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"maxTries\":null,\"maxExceptions\":null,"
                + "\"failOnTimeout\":false,\"backoff\":null,\"timeout\":null,\"retryUntil\":" + retryUntil + ","
                + "\"data\":{\"commandName\":\"App\\\\Jobs\\\\SendInvoice\",\"command\":\"O:20:\\\"App\\\\Jobs\\\\SendInvoice\\\":1:"
                + "{s:3:\\\"url\\\";s:28:\\\"https:\\/\\/müller.example\\/€\\\";}\"},"
                + (createdAt == null ? "" : "\"createdAt\":" + createdAt + ",")
                + "\"note\":\"caf\\u00e9 ✓\",\"tags\":[],\"id\":\"Xq3vR8kLmN2pT6wYzA1bC4dE7fG0hJ5s\",\"attempts\":2}";
    }

    @Test
    void onlyAttemptsRetryUntilAndCreatedAtChangeTheRestKeepsItsBytes() {
        long created = NOW - 3600;
        String failed = laravelRedisJob(Long.toString(created + 600), Long.toString(created));

        RetriedPayload retried = RetriedPayload.of(failed, NOW);

        String expected = failed.replace("\"attempts\":2", "\"attempts\":0")
                .replace("\"retryUntil\":" + (created + 600), "\"retryUntil\":" + (NOW + 600))
                .replace("\"createdAt\":" + created, "\"createdAt\":" + NOW);
        assertThat(retried.json()).isEqualTo(expected);
        assertThat(retried.warning()).isNull();
        // a second retry gets the same window again, not a longer one
        assertThat(RetriedPayload.of(retried.json(), NOW + 5000).json())
                .contains("\"retryUntil\":" + (NOW + 5600) + ",");
    }

    @Test
    void withoutCreatedAtAPassedRetryUntilIsClearedWithAWarningAndAnOpenOneKept() {
        RetriedPayload passed = RetriedPayload.of(laravelRedisJob(Long.toString(NOW - 1), null), NOW);
        assertThat(passed.json()).contains("\"retryUntil\":null,").contains("\"attempts\":0}");
        assertThat(passed.warning()).contains("retryUntil").contains("cleared");

        RetriedPayload open = RetriedPayload.of(laravelRedisJob(Long.toString(NOW + 60), null), NOW);
        assertThat(open.json()).contains("\"retryUntil\":" + (NOW + 60) + ",");
        assertThat(open.warning()).isNull();
    }

    @Test
    void aDatabaseJobHasNoAttemptsFieldAndGetsNone() {
        String databaseJob =
                "{\"uuid\":\"u\",\"job\":\"App\\\\Jobs\\\\X@handle\",\"data\":{\"p\":\"a\\/b\"},\"retryUntil\":null}";

        assertThat(RetriedPayload.of(databaseJob, NOW).json()).isEqualTo(databaseJob);
    }

    @Test
    void qctlsOwnExceptionCountIsDroppedWithItsComma() {
        String job = "{\"uuid\":\"u\",\"qctlExceptions\":2, \"job\":\"exec\",\"attempts\":3}";

        assertThat(RetriedPayload.of(job, NOW).json()).isEqualTo("{\"uuid\":\"u\", \"job\":\"exec\",\"attempts\":0}");
    }

    @Test
    void aSignedPayloadKeepsItsRetryUntil() {
        String signed = "{\"uuid\":\"u\",\"retryUntil\":" + (NOW - 5) + ",\"createdAt\":" + (NOW - 100)
                + ",\"signature\":\"v1:ab\"}";

        RetriedPayload retried = RetriedPayload.of(signed, NOW);

        assertThat(retried.json()).isEqualTo(signed);
        assertThat(retried.warning()).contains("signed");
    }

    @Test
    void payloadEditsKeepTheTextAndAddMissingFieldsAtTheEnd() {
        String laravel = "{\"url\":\"https:\\/\\/x\\/\",\"name\":\"\\u00e9\"}";

        Payload withId = Payload.parse(laravel).with("id", "abc").with("attempts", 0);

        assertThat(withId.toJson())
                .isEqualTo("{\"url\":\"https:\\/\\/x\\/\",\"name\":\"\\u00e9\",\"id\":\"abc\",\"attempts\":0}");
        assertThat(Payload.parse("{}").with("attempts", 1).toJson()).isEqualTo("{\"attempts\":1}");
        assertThat(Payload.parse(laravel).without("url").toJson()).isEqualTo("{\"name\":\"\\u00e9\"}");
    }
}
