package dev.qctl.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadMaskingTest {
    @Test
    void credentialLikeFieldsAndUrlPasswordsAreMaskedAtAnyDepth() {
        String shown = PayloadMasking.masked("""
                {"displayName": "sync", "data": {"to": "ops@example.com", "api_token": "t0k3n",
                 "nested": [{"Password": "hunter2"}], "dsn": "postgres://app:s3cret@db/app"}}""");

        assertThat(shown)
                .contains("ops@example.com", "postgres://app:***@db/app", "\"api_token\" : \"***\"")
                .doesNotContain("t0k3n", "hunter2", "s3cret");
    }

    @Test
    void anUnreadablePayloadIsShownAsMaskedText() {
        assertThat(PayloadMasking.masked("{broken redis://:pw@cache:6379"))
                .isEqualTo("{broken redis://:***@cache:6379");
    }
}
