package dev.qctl.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The restart entry as Laravel's cache stores write it (Cache/DatabaseStore.php, Cache/RedisStore.php, 8.83). */
class PhpCacheValueTest {
    @Test
    void readsEveryFormLaravelWritesAnIntIn() {
        assertThat(PhpCacheValue.read("i:1796295141;")).isEqualTo(1796295141L); // DatabaseStore: serialize()
        assertThat(PhpCacheValue.read("1796295141")).isEqualTo(1796295141L); // RedisStore: numbers as they are
        assertThat(PhpCacheValue.read("s:10:\"1796295141\";")).isEqualTo(1796295141L);
        assertThat(PhpCacheValue.read(Base64.getEncoder().encodeToString("i:7;".getBytes())))
                .as("PostgreSQL's base64 form")
                .isEqualTo(7L);
        assertThat(PhpCacheValue.read(null)).isZero();
        assertThat(PhpCacheValue.serialized(1796295141L)).isEqualTo("i:1796295141;");
    }

    @Test
    void anUnreadableValueStillChangesWhenItChanges() {
        long a = PhpCacheValue.read("b:1;");
        long b = PhpCacheValue.read("b:0;");
        assertThat(a).isNotZero().isNotEqualTo(b).isEqualTo(PhpCacheValue.read("b:1;"));
    }
}
