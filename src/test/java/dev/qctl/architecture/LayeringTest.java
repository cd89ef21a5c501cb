package dev.qctl.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layering, bottom to top. A package may use the ones below it, never one above,
 * and no two packages may depend on each other. The dashboard, like the command layer it serves,
 * sits on top and reaches the store through {@code queue} alone. The stores ({@code sql}, {@code redis}) sit
 * beside {@code config}: nothing but the stores' own registration names them.
 */
class LayeringTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.qctl");

    @Test
    void no_package_depends_on_one_above_it() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("base")
                .definedBy("dev.qctl.base..")
                .layer("log")
                .definedBy("dev.qctl.log..")
                .layer("api")
                .definedBy("dev.qctl.api..")
                .layer("queue")
                .definedBy("dev.qctl.queue..")
                .layer("stores")
                .definedBy("dev.qctl.sql..", "dev.qctl.redis..")
                .layer("config")
                .definedBy("dev.qctl.config..")
                .layer("handler")
                .definedBy("dev.qctl.handler..")
                .layer("worker")
                .definedBy("dev.qctl.worker..")
                .layer("alert")
                .definedBy("dev.qctl.alert..")
                .layer("metrics")
                .definedBy("dev.qctl.metrics..")
                .layer("bench")
                .definedBy("dev.qctl.bench..")
                .layer("schedule")
                .definedBy("dev.qctl.schedule..")
                .layer("client")
                .definedBy("dev.qctl.client..")
                .layer("dashboard")
                .definedBy("dev.qctl.dashboard..")
                .layer("cli")
                .definedBy("dev.qctl.cli..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                // logback's setup; everything else logs through slf4j alone
                .whereLayer("log")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("client")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("dashboard")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("bench")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("schedule")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("metrics")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("alert")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("worker")
                .mayOnlyBeAccessedByLayers("alert", "metrics", "bench", "cli")
                .whereLayer("handler")
                .mayOnlyBeAccessedByLayers("worker", "bench", "client", "cli")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers(
                        "handler", "worker", "alert", "metrics", "bench", "schedule", "client", "cli")
                // the stores are reached through queue.QueueConnector and ServiceLoader only
                .whereLayer("stores")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("queue")
                .mayOnlyBeAccessedByLayers(
                        "stores",
                        "config",
                        "handler",
                        "worker",
                        "alert",
                        "metrics",
                        "bench",
                        "schedule",
                        "client",
                        "dashboard",
                        "cli")
                .whereLayer("api")
                .mayOnlyBeAccessedByLayers("handler", "worker", "client", "cli")
                .check(MAIN);
    }

    @Test
    void no_package_cycles() {
        slices().matching("dev.qctl.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
