package dev.qctl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.queue.Json;
import org.junit.jupiter.api.Test;

class JobDataTest {
    record SendInvoice(long invoice, String email) implements Job {
        @Override
        public void handle(JobContext context) {}
    }

    static final class Resize implements Job {
        private String image;
        private int width = 100;

        @Override
        public void handle(JobContext context) {}
    }

    @Test
    void recordsRoundTrip() {
        var data = JobData.of(new SendInvoice(42, "a@b.c"));
        assertThat(Json.write(data)).isEqualTo("{\"invoice\":42,\"email\":\"a@b.c\"}");
        assertThat(JobData.bind(data, SendInvoice.class)).isEqualTo(new SendInvoice(42, "a@b.c"));
    }

    @Test
    void plainClassesBindTheirPrivateFieldsAndIgnoreUnknownOnes() {
        Resize r = JobData.bind(Json.parse("{\"image\":\"x.png\",\"extra\":1}", "t"), Resize.class);
        assertThat(r.image).isEqualTo("x.png");
        assertThat(r.width).isEqualTo(100);
    }

    @Test
    void aBindFailureNamesClassAndFieldButNotTheValue() {
        assertThatThrownBy(() -> JobData.bind(Json.parse("{\"invoice\":\"secret-value\"}", "t"), SendInvoice.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SendInvoice.class.getName())
                .hasMessageContaining("invoice")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-value"));
    }
}
