package dev.qctl.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.base.Secrets;
import dev.qctl.base.UsageException;
import dev.qctl.config.Stores;
import dev.qctl.queue.ConnectionUrl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUrlTest {
    @Test
    void plainUrlWithAclUserDatabaseAndQctlParameters() {
        ConnectionUrl url =
                Stores.parse("redis://worker:s3cr%40t@cache.internal:6380/4?prefix=app:&retry_after=120&block_for=2.5");

        assertThat(url.family()).isEqualTo("redis");
        assertThat(url.host()).isEqualTo("cache.internal");
        assertThat(url.port()).isEqualTo(6380);
        assertThat(url.database()).isEqualTo("4");
        assertThat(url.user()).isEqualTo("worker");
        assertThat(url.password()).isEqualTo("s3cr@t");
        assertThat(url.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(url.redacted()).doesNotContain("s3cr").contains("worker:***@cache.internal");

        RedisEndpoint e = RedisEndpoint.of(url);
        assertThat(e.prefix()).isEqualTo("app:");
        assertThat(e.blockFor()).isEqualTo(2.5);
        assertThat(e.cluster()).isFalse();
        RedisURI uri = e.uris().getFirst();
        assertThat(uri.getDatabase()).isEqualTo(4);
        assertThat(uri.isSsl()).isFalse();
    }

    @Test
    void defaultsArePort6379AndDatabase0AndNoPrefix() {
        ConnectionUrl url = Stores.parse("redis://localhost");
        RedisEndpoint e = RedisEndpoint.of(url);
        assertThat(url.port()).isEqualTo(6379);
        assertThat(url.database()).isEqualTo("0");
        assertThat(e.prefix()).isEmpty();
        assertThat(e.blockFor()).isNull();
        assertThat(url.retryAfter()).isEqualTo(ConnectionUrl.DEFAULT_RETRY_AFTER);
    }

    @Test
    void passwordOnlyUrlsAndPasswordsWithAtSignsAreMasked() {
        assertThat(Stores.parse("redis://:hunter2@h:1/0").redacted()).isEqualTo("redis://:***@h:1/0");
        assertThat(Stores.parse("redis://u:p@ss@h:1/0").password()).isEqualTo("p@ss");
        assertThat(Stores.parse("redis://u:p@ss@h:1/0").redacted()).doesNotContain("ss@");
        assertThat(Secrets.url("redis-sentinel://h:1/0?master=m&sentinel_password=topsecret"))
                .doesNotContain("topsecret");
    }

    @Test
    void tlsWithVerificationModes() {
        RedisURI full =
                RedisEndpoint.of(Stores.parse("rediss://h:6390/0")).uris().getFirst();
        assertThat(full.isSsl()).isTrue();
        assertThat(full.getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
        RedisURI none = RedisEndpoint.of(Stores.parse("rediss://h:6390/0?verify=none"))
                .uris()
                .getFirst();
        assertThat(none.getVerifyMode()).isEqualTo(SslVerifyMode.NONE);
        assertThatThrownBy(() -> RedisEndpoint.of(Stores.parse("rediss://h/0?sslrootcert=/nonexistent/ca.pem")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("sslrootcert");
    }

    @Test
    void sentinelNeedsAMasterAndTakesSeveralHosts() {
        ConnectionUrl url = Stores.parse("redis-sentinel://u:pw@s1:26379,s2,s3:26380/2?master=mymaster");
        assertThat(url.hosts()).containsExactly("s1:26379", "s2:26379", "s3:26380");
        RedisURI uri = RedisEndpoint.of(url).uris().getFirst();
        assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(uri.getSentinels()).hasSize(3);
        assertThat(uri.getDatabase()).isEqualTo(2);
        assertThat(url.redacted()).doesNotContain("pw");

        assertThatThrownBy(() -> Stores.parse("redis-sentinel://s1:26379/0"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("master");
    }

    @Test
    void clusterBySchemeOrParameterHashTagsQueueNames() {
        RedisEndpoint byScheme = RedisEndpoint.of(Stores.parse("redis-cluster://n1:7000,n2:7001"));
        assertThat(byScheme.cluster()).isTrue();
        assertThat(byScheme.uris()).hasSize(2);
        assertThat(RedisEndpoint.of(Stores.parse("redis://n1:7000?cluster=true"))
                        .cluster())
                .isTrue();
        assertThat(new RedisKeys("p:", true).reserved("mail")).isEqualTo("p:queues:{mail}:reserved");
        assertThat(new RedisKeys("", false).notify("mail")).isEqualTo("queues:mail:notify");
        assertThatThrownBy(() -> RedisEndpoint.of(Stores.parse("redis-cluster://n1:7000/3")))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void badUrlsAreUsageErrors() {
        assertThatThrownBy(() -> Stores.parse("redis://h:notaport/0")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Stores.parse("redis://h/abc")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Stores.parse("redis:h")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RedisEndpoint.of(Stores.parse("redis://a:1,b:2/0")))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RedisEndpoint.of(Stores.parse("redis://a/0?block_for=-1")))
                .isInstanceOf(UsageException.class);
    }
}
