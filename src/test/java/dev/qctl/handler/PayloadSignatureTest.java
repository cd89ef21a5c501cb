package dev.qctl.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qctl.config.SigningKey;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadSignatureTest {
    private final SigningKey key = SigningKey.of("0123456789abcdef-test-key", "test");
    private final SigningKey other = SigningKey.of("another-key-of-enough-length", "test");

    @Test
    void aSignedPayloadVerifiesUntilWhatRunsIsChanged() {
        Payload signed =
                PayloadSignature.sign(Payload.exec(List.of("echo", "hi"), null, JobOptions.NONE), "default", key);

        assertThat(PayloadSignature.verify(signed, "default", key)).isTrue();
        assertThat(PayloadSignature.verify(signed, "default", other)).isFalse();
        // the queue's own bookkeeping may change
        assertThat(PayloadSignature.verify(
                        signed.with("attempts", 3).with(Payload.EXCEPTIONS_FIELD, 2), "default", key))
                .isTrue();
        // what runs may not
        var argv = JsonNodeFactory.instance.objectNode();
        argv.putArray("argv").add("rm").add("-rf").add("/");
        assertThat(PayloadSignature.verify(signed.with("data", argv), "default", key))
                .isFalse();
        assertThat(PayloadSignature.verify(signed.with("maxTries", 99), "default", key))
                .isFalse();
        assertThat(PayloadSignature.verify(signed.with("signature", "v2:00"), "default", key))
                .isFalse();
        assertThat(PayloadSignature.verify(signed.without("signature"), "default", key))
                .isFalse();
    }

    @Test
    void aSignatureHoldsOnlyOnTheQueueItWasMadeFor() {
        Payload signed = PayloadSignature.sign(Payload.exec(List.of("echo", "hi"), null, JobOptions.NONE), "mail", key);

        assertThat(signed.toJson()).contains("\"signature\":\"v2:");
        assertThat(PayloadSignature.verify(signed, "mail", key)).isTrue();
        assertThat(PayloadSignature.verify(signed, "billing", key)).isFalse();
        assertThat(PayloadSignature.verify(signed, "mail2", key)).isFalse();
    }

    @Test
    void aSignatureMadeBeforeQueuesWereBoundStillVerifiesOnAnyQueue() throws Exception {
        Payload job = Payload.exec(List.of("echo", "hi"), null, JobOptions.NONE);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.macKey(), "HmacSHA256"));
        String v1 = "v1:" + java.util.HexFormat.of().formatHex(mac.doFinal(PayloadSignature.canonical(job)));
        Payload old = job.with("signature", v1);

        assertThat(PayloadSignature.verify(old, "default", key)).isTrue();
        assertThat(PayloadSignature.verify(old, "elsewhere", key)).isTrue();
        assertThat(PayloadSignature.verify(old, "default", other)).isFalse();
        assertThat(PayloadSignature.verify(old.with("maxTries", 9), "default", key))
                .isFalse();
    }

    @Test
    void signatureDoesNotDependOnFieldOrder() {
        Payload a = Payload.parse("{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"],\"input\":{\"b\":1,\"a\":2}}}");
        Payload b = Payload.parse("{\"data\":{\"input\":{\"a\":2,\"b\":1},\"argv\":[\"true\"]},\"job\":\"exec\"}");
        assertThat(PayloadSignature.verify(
                        b.with(
                                "signature",
                                PayloadSignature.sign(a, "default", key)
                                        .toJson()
                                        .replaceAll(".*\"signature\":\"([^\"]+)\".*", "$1")),
                        "default",
                        key))
                .isTrue();
    }

    @Test
    void encryptedDataRoundTripsAndResistsTampering() throws Exception {
        var data = JsonNodeFactory.instance.objectNode().put("card", "4111 1111 1111 1111");
        Payload plain = Payload.create("charge", "charge", data, JobOptions.NONE);
        Payload sealed = DataEncryption.encrypt(plain, key);

        assertThat(sealed.toJson()).doesNotContain("4111");
        assertThat(DataEncryption.isEncrypted(sealed)).isTrue();
        assertThat(DataEncryption.decrypt(sealed, key).data()).isEqualTo(data);
        assertThatThrownBy(() -> DataEncryption.decrypt(sealed, other)).isInstanceOf(UnhandleableJobException.class);
        String text = sealed.data().asText();
        Payload flipped =
                sealed.with("data", text.substring(0, 10) + (text.charAt(10) == 'A' ? 'B' : 'A') + text.substring(11));
        assertThatThrownBy(() -> DataEncryption.decrypt(flipped, key)).isInstanceOf(UnhandleableJobException.class);
    }
}
