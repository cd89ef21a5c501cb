package dev.qctl.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** job_batches.options: what qctl writes reads back, and Laravel's own text gives allowFailures. */
class LaravelBatchOptionsTest {
    private static PushRequest cb(String word) {
        return PushRequest.now("mäil", Payload.exec(List.of("echo", word, "ünïcode"), null, JobOptions.NONE));
    }

    @Test
    void qctlsCallbacksRoundTripThroughPhpSerializedText() {
        BatchOptions options = new BatchOptions(true, cb("then"), null, cb("finally"));
        for (boolean base64 : new boolean[] {false, true}) {
            String stored = LaravelBatchOptions.write(options, "mäil", base64);
            BatchOptions read = LaravelBatchOptions.read(stored);
            assertThat(read.allowFailures()).isTrue();
            assertThat(read.then().queue()).isEqualTo("mäil");
            assertThat(read.then().payload().toJson())
                    .isEqualTo(options.then().payload().toJson());
            assertThat(read.onFailure()).isNull();
            assertThat(read.always().payload().displayName()).isEqualTo("echo finally ünïcode");
        }
        String php = LaravelBatchOptions.write(options, "mäil", false);
        // PHP counts bytes: "mäil" is 5 of them
        assertThat(php).startsWith("a:3:{s:5:\"queue\";s:5:\"mäil\";s:13:\"allowFailures\";b:1;s:4:\"qctl\";s:");
    }

    @Test
    void laravelsOwnOptionsGiveAllowFailuresAndNoCallbacks() {
        String php = "a:4:{s:13:\"allowFailures\";b:0;s:5:\"queue\";s:4:\"mail\";s:10:\"connection\";N;"
                + "s:4:\"then\";a:1:{i:0;O:47:\"Laravel\\SerializableClosure\\SerializableClosure\":1:{s:12:\"serializable\";s:0:\"\";}}}";
        assertThat(LaravelBatchOptions.read(php)).isEqualTo(BatchOptions.NONE);
        String allowed = php.replace("b:0;", "b:1;");
        String pg = Base64.getEncoder().encodeToString(allowed.getBytes(StandardCharsets.UTF_8));
        BatchOptions read = LaravelBatchOptions.read(pg);
        assertThat(read.allowFailures()).isTrue();
        assertThat(read.then()).as("Laravel's closures are not qctl's to run").isNull();
        assertThat(LaravelBatchOptions.read(null)).isEqualTo(BatchOptions.NONE);
        assertThat(LaravelBatchOptions.read("not php")).isEqualTo(BatchOptions.NONE);
    }

    @Test
    void theBatchIdIsFoundInQctlsFieldOrInsideLaravelsSerializedCommand() {
        String id = "9e0b2c4a-1111-4222-8333-444455556666";
        String laravel =
                "{\"uuid\":\"u\",\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"data\":{\"command\":"
                        + "\"O:3:\\\"Job\\\":1:{s:7:\\\"batchId\\\";s:36:\\\"" + id + "\\\";}\"}}";
        assertThat(Payload.batchIdOf(laravel)).isEqualTo(id);
        assertThat(Payload.parse(laravel).batchId()).as("what the worker reads").isEqualTo(id);
        String unbatched = "{\"uuid\":\"u\",\"data\":{\"command\":\"O:3:\\\"Job\\\":1:{s:7:\\\"batchId\\\";N;}\"}}";
        assertThat(Payload.parse(unbatched).batchId())
                .as("Batchable, dispatched alone")
                .isNull();
        Payload qctl = Payload.exec(List.of("true"), null, JobOptions.NONE).with(Batch.FIELD, id);
        assertThat(Payload.batchIdOf(qctl.toJson())).isEqualTo(id);
        assertThat(Payload.batchIdOf("{\"uuid\":\"u\"}")).isNull();
        assertThat(Payload.batchIdOf("garbage")).isNull();
    }

    @Test
    void newIdsAreVersion7UuidsInCreationOrder() throws InterruptedException {
        String a = Batch.newId();
        Thread.sleep(3);
        String b = Batch.newId();
        assertThat(java.util.UUID.fromString(a).version()).isEqualTo(7);
        assertThat(a).isLessThan(b);
    }
}
