package dev.qctl.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The KEDA manifests under dist/kubernetes validate strictly against KEDA's schema: node runs
 * src/test/keda/check-manifests.mjs, which uses the schema of the npm package
 * {@code @kubernetes-models/keda} (generated from KEDA's API types) and also rejects fields the
 * schema does not declare. {@code npm ci} in src/test/keda installs it (.ci/run does).
 */
class KedaManifestsTest {
    private static final Path DIR = Path.of("dist", "kubernetes");
    private static final Path CHECKER = Path.of("src", "test", "keda");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Outcome(int exit, String out) {}

    @Test
    void everyKedaManifestValidates() throws Exception {
        ArrayNode manifests = kedaManifests();
        assertThat(manifests)
                .extracting(m -> m.get("manifest").get("kind").asText())
                .contains("ScaledObject");
        Outcome outcome = check(manifests);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.exit()).isZero();
    }

    /** The check is not vacuous: a misspelt field, a misplaced one and a wrong type each fail. */
    @Test
    void misspeltMisplacedAndMistypedFieldsFail() throws Exception {
        ObjectNode broken = (ObjectNode) kedaManifests().get(0);
        ObjectNode spec = (ObjectNode) broken.get("manifest").get("spec");
        spec.set("cooldownPeriods", spec.remove("cooldownPeriod"));
        ((ObjectNode) spec.get("triggers").get(0)).put("authRef", "creds");
        spec.put("maxReplicaCount", "ten");
        String source = broken.get("source").asText();

        Outcome outcome = check(JSON.createArrayNode().add(broken));
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.out().lines()).containsExactly(source + ": data/spec/maxReplicaCount must be integer");

        spec.put("maxReplicaCount", 10);
        outcome = check(JSON.createArrayNode().add(broken));
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.out().lines())
                .containsExactlyInAnyOrder(
                        source + ": unknown field spec.cooldownPeriods",
                        source + ": unknown field spec.triggers[0].authRef");
    }

    /** Every document of every keda-*.yaml, as {source, manifest}. */
    private static ArrayNode kedaManifests() throws Exception {
        ArrayNode all = JSON.createArrayNode();
        List<Path> files;
        try (Stream<Path> listing = Files.list(DIR)) {
            files = listing.filter(p -> p.getFileName().toString().matches("keda-.*\\.ya?ml"))
                    .sorted()
                    .toList();
        }
        assertThat(files).isNotEmpty();
        YAMLMapper yaml = new YAMLMapper();
        for (Path file : files) {
            try (var documents = yaml.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                while (documents.hasNext()) {
                    JsonNode manifest = documents.next();
                    if (manifest == null || manifest.isNull() || manifest.isMissingNode()) continue;
                    all.addObject().put("source", file.getFileName().toString()).set("manifest", manifest);
                }
            }
        }
        return all;
    }

    private static Outcome check(ArrayNode manifests) throws Exception {
        assertThat(CHECKER.resolve("node_modules/@kubernetes-models/keda"))
                .as("KEDA's schema package is missing: run `npm ci` in %s (.ci/run does)", CHECKER)
                .isDirectory();
        Process node = new ProcessBuilder("node", "check-manifests.mjs")
                .directory(CHECKER.toFile())
                .redirectErrorStream(true)
                .start();
        try (var stdin = node.getOutputStream()) {
            stdin.write(JSON.writeValueAsBytes(manifests));
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Outcome(node.exitValue(), out.strip());
    }
}
