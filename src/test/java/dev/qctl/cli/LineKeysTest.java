package dev.qctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.config.QctlConfig;
import dev.qctl.queue.InvalidPayloadException;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A `dispatch --from` line's "id" and unique fields become the payload fields the store and worker act on. */
class LineKeysTest {
    private final JobFactory jobs = new JobFactory(QctlConfig.NONE, JobOptions.NONE, null);

    private Payload line(String json) {
        return jobs.line(json, Duration.ZERO).payload();
    }

    @Test
    void anIdActsAsDispatchId() {
        Payload p = line("{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"id\":\"inv-1\"}");
        assertThat(JobKeys.pushLockOf(p)).isEqualTo("id:inv-1");
        assertThat(JobKeys.holdOf(p)).isNull();
        assertThat(JobKeys.lockOf(p)).isEqualTo("id:inv-1");
    }

    @Test
    void uniqueForDefaultsItsKeyToTheCommandLineAndRoundsUpToSeconds() {
        Payload p = line("{\"job\":\"exec\",\"data\":{\"argv\":[\"echo\",\"hi\"]},\"unique_for\":\"1500ms\"}");
        assertThat(JobKeys.pushLockOf(p)).isEqualTo("unique:echo hi");
        assertThat(JobKeys.holdOf(p)).isEqualTo(Duration.ofSeconds(2));
        assertThat(JobKeys.lockOf(p)).as("freed when done").isEqualTo("unique:echo hi");
        assertThat(JobKeys.startLockOf(p)).isNull();
    }

    @Test
    void untilProcessingFreesAtTheStartNotAtTheEnd() {
        Payload p = line("{\"job\":\"java:app.Sync\",\"unique_for\":\"1m\",\"unique_until_processing\":true}");
        assertThat(JobKeys.pushLockOf(p)).as("default key: the handler's name").isEqualTo("unique:java:app.Sync");
        assertThat(JobKeys.startLockOf(p)).isEqualTo("unique:java:app.Sync");
        assertThat(JobKeys.lockOf(p)).isNull();
    }

    @Test
    void aPlainLinePaysNothing() {
        Payload p = line("[\"true\"]");
        assertThat(JobKeys.pushLockOf(p)).isNull();
        assertThat(JobKeys.lockOf(p)).isNull();
        assertThat(JobKeys.startLockOf(p)).isNull();
    }

    @Test
    void badKeyFieldsAreLineErrors() {
        assertThatThrownBy(() -> line("{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"id\":5}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("\"id\" must be a non-empty string");
        assertThatThrownBy(() -> line("{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"unique_key\":\"k\"}"))
                .hasMessageContaining("need \"unique_for\"");
        assertThatThrownBy(() ->
                        line("{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"id\":\"a\",\"unique_for\":\"1m\"}"))
                .hasMessageContaining("not both");
    }
}
