package dev.qctl.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A ShouldBeEncrypted job: Laravel 8 puts {@code encrypt(serialize($command))} in data.command,
 * base64 of {@code {"iv","value","mac"}}, so nothing in it is readable without APP_KEY.
 */
class EncryptedLaravelCommandTest {
    private static final String ENCRYPTED = Base64.getEncoder()
            .encodeToString(
                    "{\"iv\":\"Q3N6YXZxS1dMU3NDaWNuZ3Z1MWRlUT09\",\"value\":\"RGxSekdndFFTWnNYdmFDNFVhQytEQTJ3\",\"mac\":\"0f1e\",\"tag\":\"\"}"
                            .getBytes(StandardCharsets.UTF_8));

    private static final String PAYLOAD = "{\"uuid\":\"297b12ba-5d80-4a20-a33b-3d477183d48c\",\"displayName\":"
            + "\"App\\\\Jobs\\\\AppendSecretLine\",\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\","
            + "\"maxTries\":null,\"maxExceptions\":null,\"failOnTimeout\":false,\"backoff\":null,\"timeout\":null,"
            + "\"retryUntil\":null,\"data\":{\"commandName\":\"App\\\\Jobs\\\\AppendSecretLine\",\"command\":\""
            + ENCRYPTED + "\"}}";

    @Test
    void anEncryptedCommandIsReadWithItsBatchUnknownAndItsNameFromTheEnvelope() {
        Payload payload = Payload.parse(PAYLOAD);
        assertThat(payload.batchId()).isNull();
        assertThat(Payload.batchIdOf(PAYLOAD)).isNull();
        assertThat(payload.displayName()).isEqualTo("App\\Jobs\\AppendSecretLine");
        assertThat(Payload.displayNameOf(PAYLOAD)).isEqualTo("App\\Jobs\\AppendSecretLine");
        assertThat(payload.toJson()).isEqualTo(PAYLOAD);
    }
}
