package dev.qctl.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void textMasksThePasswordOfEveryUrlInIt() {
        assertThat(Secrets.text("from postgres://app:s3cret@db:5432/app to redis://:p@ss@cache:6379/0, done"))
                .isEqualTo("from postgres://app:***@db:5432/app to redis://:***@cache:6379/0, done");
    }

    @Test
    void textMasksCredentialParametersUpToTheirEnd() {
        assertThat(Secrets.text("jdbc:mysql://db/q?user=root&password=s3cret&ssl=true failed"))
                .isEqualTo("jdbc:mysql://db/q?user=root&password=***&ssl=true failed");
    }

    @Test
    void aUrlEndsAtWhitespaceOrAQuoteSoTheTextAroundItSurvives() {
        assertThat(Secrets.text(
                        "{\"url\":\"redis://cache:6379\",\"owner\":\"ops@example.com\"} mail me at ops@example.com"))
                .isEqualTo("{\"url\":\"redis://cache:6379\",\"owner\":\"ops@example.com\"} mail me at ops@example.com");
        assertThat(Secrets.text("\"postgres://u:pw@h/db\" and 'redis://u:pw@h'"))
                .isEqualTo("\"postgres://u:***@h/db\" and 'redis://u:***@h'");
    }

    /** Issue 19 (LedgerIT found it still open): a password typed with a '/' in it was printed whole. */
    @Test
    void aPasswordWithASlashIsMaskedWhole() {
        assertThat(Secrets.url("postgres://app:pw/s3cret@db:5432/app")).isEqualTo("postgres://app:***@db:5432/app");
        assertThat(Secrets.url("redis://:pw/s3cret@cache:6379/0")).isEqualTo("redis://:***@cache:6379/0");
        assertThat(Secrets.text("connection URL 'mariadb://root:pw/s3cret@db:3306/q' has a bad port"))
                .isEqualTo("connection URL 'mariadb://root:***@db:3306/q' has a bad port");
    }

    @Test
    void textWithoutUrlsIsUntouched() {
        assertThat(Secrets.text("Connection refused")).isEqualTo("Connection refused");
        assertThat(Secrets.text(null)).isNull();
    }
}
