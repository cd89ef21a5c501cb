package dev.qctl.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The core-kind manifests under dist/kubernetes parse into fabric8's Kubernetes model with no
 * field left over: fabric8 keeps unknown fields in additionalProperties instead of failing, so
 * every object in the tree is walked and any such field is a misspelt or misplaced key.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Path DIR = Path.of("dist", "kubernetes");

    @Test
    void workerDeploymentDrainsOnSigtermAndProbesWithHealth() throws Exception {
        Deployment deployment = strict("worker-deployment.yaml", Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container worker = pod.getContainers().getFirst();
        assertThat(worker.getArgs()).contains("work", "--timeout=240", "--stop-timeout=300");
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(240 + 300);
        assertThat(worker.getLivenessProbe().getExec().getCommand()).startsWith("qctl", "health");
        assertThat(worker.getReadinessProbe().getExec().getCommand()).startsWith("qctl", "health");
        assertThat(worker.getLifecycle()).as("SIGTERM drains; no preStop").isNull();
        assertThat(worker.getResources().getRequests()).containsKeys("cpu", "memory");
    }

    @Test
    void schedulerCronJobForbidsOverlap() throws Exception {
        CronJob cron = strict("schedule-cronjob.yaml", CronJob.class);
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cron.getSpec().getStartingDeadlineSeconds()).isPositive();
        assertThat(cron.getSpec()
                        .getJobTemplate()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs())
                .containsExactly("schedule:run");
    }

    @Test
    void hpaScalesTheWorkerDeploymentOnCpuAndMemory() throws Exception {
        HorizontalPodAutoscaler hpa = strict("worker-hpa.yaml", HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("qctl-worker");
        assertThat(hpa.getSpec().getMetrics())
                .extracting(m -> m.getResource().getName())
                .containsExactly("cpu", "memory");
    }

    /** A misspelt key fails: the check above is not vacuous. */
    @Test
    void anUnknownFieldIsCaught() throws Exception {
        Deployment d = YAML.readValue(
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      terminationGracePeriod: 5\n",
                Deployment.class);
        assertThat(leftovers(d, "")).containsExactly("spec.template.spec.terminationGracePeriod");
    }

    private static <T extends KubernetesResource> T strict(String file, Class<T> type) throws Exception {
        T resource = YAML.readValue(DIR.resolve(file).toFile(), type);
        assertThat(leftovers(resource, ""))
                .as("%s: fields the Kubernetes schema does not have", file)
                .isEmpty();
        return resource;
    }

    /** Paths of every field fabric8 did not recognise, anywhere under {@code node}. */
    private static List<String> leftovers(Object node, String path) throws Exception {
        List<String> found = new ArrayList<>();
        if (node instanceof Collection<?> items) {
            for (Object item : items) found.addAll(leftovers(item, path));
            return found;
        }
        if (node instanceof Map<?, ?> map) {
            for (Object value : map.values()) found.addAll(leftovers(value, path));
            return found;
        }
        if (!(node instanceof KubernetesResource)) return found;
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")) continue;
            Object value = getter.invoke(node);
            if (value == null) continue;
            String name = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            if (name.equals("additionalProperties")) {
                for (Object key : ((Map<?, ?>) value).keySet()) found.add(path + key);
            } else {
                found.addAll(leftovers(value, path + name + "."));
            }
        }
        return found;
    }
}
