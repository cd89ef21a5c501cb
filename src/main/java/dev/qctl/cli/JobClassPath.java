package dev.qctl.cli;

import dev.qctl.base.UsageException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The class loader for Java job classes: the worker's --classpath and qctl.yml's classpath:, over qctl's own classes. */
final class JobClassPath {
    private JobClassPath() {}

    static ClassLoader loader(List<String> entries) {
        ClassLoader parent = JobClassPath.class.getClassLoader();
        if (entries.isEmpty()) return parent;
        List<URL> urls = new ArrayList<>();
        for (String entry : entries) {
            if (entry.endsWith("/*") || entry.equals("*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath();
                try (Stream<Path> jars = Files.list(dir)) {
                    for (Path jar : jars.filter(p -> p.toString().endsWith(".jar"))
                            .sorted()
                            .toList()) urls.add(url(jar));
                } catch (IOException e) {
                    throw new UsageException("classpath entry " + entry + ": cannot list " + dir);
                }
            } else {
                Path path = Path.of(entry).toAbsolutePath();
                if (!Files.exists(path)) throw new UsageException("classpath entry " + path + " does not exist");
                urls.add(url(path));
            }
        }
        return new URLClassLoader("qctl-jobs", urls.toArray(URL[]::new), parent);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UsageException("classpath entry " + path + " is not a usable path");
        }
    }
}
