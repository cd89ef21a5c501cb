package dev.qctl.sql;

import dev.qctl.base.DataDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc copies its native library out of its jar into the temp directory on every JVM
 * start and compares it byte for byte with the copy it finds there: about a fifth of a whole
 * `qctl dispatch`, which shells and crontabs run once per job. qctl keeps one copy per driver
 * version in its cache directory and points the driver at it (its {@code org.sqlite.lib.path}
 * setting). Anything unusual (no cache directory, a platform without a bundled library, a
 * user's own setting) leaves the driver to its default.
 */
final class SqliteNativeLibrary {
    private static boolean done;

    private SqliteNativeLibrary() {}

    static synchronized void useCachedCopy() {
        if (done) return;
        done = true;
        if (System.getProperty("org.sqlite.lib.path") != null || System.getProperty("org.sqlite.lib.name") != null)
            return;
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
            Path dir = DataDirs.cacheHome()
                    .resolve("sqlite-native")
                    .resolve(SQLiteJDBCLoader.getVersion())
                    .resolve(LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/", ""));
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library)) {
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                    if (in == null) return;
                    Files.createDirectories(dir);
                    // written under a private name, then renamed: a process starting meanwhile never loads half a file
                    Path partial = Files.createTempFile(dir, name, ".partial");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            // the driver extracts its own copy, as it always does
        }
    }
}
