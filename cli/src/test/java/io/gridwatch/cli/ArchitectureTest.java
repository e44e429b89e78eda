package io.gridwatch.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries, checked where every module is on the classpath. They keep the incident
 * service deployable without Flink or native vision libraries, detectors testable without Flink,
 * and the contracts free of everything heavy.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.gridwatch");
  }

  @Test
  void analyticsJobsNeverUseTheIncidentService() {
    noClasses().that().resideInAPackage("io.gridwatch.analytics..")
        .should().dependOnClassesThat().resideInAPackage("io.gridwatch.alerts..")
        .check(classes);
  }

  @Test
  void theIncidentServiceNeedsNeitherFlinkNorVisionNorTheJobs() {
    noClasses().that().resideInAPackage("io.gridwatch.alerts..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.bytedeco..",
            "io.gridwatch.analytics..", "io.gridwatch.ingest..", "io.gridwatch.models..")
        .check(classes);
  }

  @Test
  void theIncidentCoreHasNoWebCode() {
    noClasses().that().resideInAnyPackage("io.gridwatch.alerts.ingest..", "io.gridwatch.alerts.store..",
            "io.gridwatch.alerts.lifecycle..", "io.gridwatch.alerts.desk..", "io.gridwatch.alerts.stats..")
        .should().dependOnClassesThat().resideInAPackage("io.javalin..")
        .check(classes);
  }

  @Test
  void theLifecycleIsAPureFunctionWithoutStoreKafkaOrWeb() {
    noClasses().that().resideInAPackage("io.gridwatch.alerts.lifecycle..")
        .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.rocksdb..", "org.apache.kafka..",
            "io.gridwatch.alerts.store..", "io.gridwatch.alerts.desk..", "io.gridwatch.alerts.api..")
        .check(classes);
  }

  @Test
  void detectorsArePlainClassesWithoutFlink() {
    noClasses().that().resideInAnyPackage("io.gridwatch.analytics.detect..", "io.gridwatch.analytics.health..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
        .check(classes);
  }

  @Test
  void contractsDependOnNothingHeavy() {
    noClasses().that().resideInAPackage("io.gridwatch.contracts..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..",
            "org.bytedeco..", "org.deeplearning4j..", "org.nd4j..", "io.javalin..", "io.gridwatch.ingest..",
            "io.gridwatch.analytics..", "io.gridwatch.alerts..", "io.gridwatch.models..", "io.gridwatch.cli..")
        .check(classes);
  }
}
