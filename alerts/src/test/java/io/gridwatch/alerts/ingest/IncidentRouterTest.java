package io.gridwatch.alerts.ingest;

import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.site;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.AlertScene;
import org.junit.jupiter.api.Test;

class IncidentRouterTest {

  private final IncidentRouter router = new IncidentRouter(site());

  @Test
  void cameraIsRoutedToItsGridCellAndTheFirstWorkerCoveringIt() {
    assertThat(router.route(alert("cam-1", AlertScene.THROWING, null, NOW), NOW)).isEqualTo(new Route("g-01", "w-1"));
  }

  @Test
  void cellWithoutWorkerGoesToItsSupervisor() {
    assertThat(router.route(alert("cam-2", AlertScene.RIVER_DEBRIS, null, NOW), NOW)).isEqualTo(new Route("g-02", "sup-2"));
  }

  @Test
  void cellWithoutWorkerOrSupervisorHasNoAssignee() {
    assertThat(router.route(alert("cam-3", AlertScene.THROWING, null, NOW), NOW)).isEqualTo(new Route("g-03", null));
  }

  @Test
  void equipmentAlertsGoToTheMaintainer() {
    assertThat(router.route(alert("cam-1", AlertScene.CAMERA_OFFLINE, null, NOW), NOW))
        .isEqualTo(new Route("g-01", IncidentRouter.MAINTAINER));
    assertThat(router.route(alert("cam-3", AlertScene.CAMERA_TAMPER, null, NOW), NOW))
        .isEqualTo(new Route("g-03", IncidentRouter.MAINTAINER));
  }

  @Test
  void unknownCameraHasNoGridCellAndNoAssignee() {
    assertThat(router.route(alert("cam-x", AlertScene.THROWING, null, NOW), NOW)).isEqualTo(new Route(null, null));
  }

  @Test
  void withoutSiteOnlyEquipmentIsAssigned() {
    IncidentRouter none = IncidentRouter.withoutSite();

    assertThat(none.route(alert("cam-1", AlertScene.THROWING, null, NOW), NOW)).isEqualTo(new Route(null, null));
    assertThat(none.route(alert("cam-1", AlertScene.CAMERA_OFFLINE, null, NOW), NOW))
        .isEqualTo(new Route(null, IncidentRouter.MAINTAINER));
  }

  /** Cell g-01: Wang works weekdays 08:00-20:00, Zhao nights 20:00-08:00; supervisor sup-1. */
  private static IncidentRouter shiftRouter() {
    var config = new io.gridwatch.contracts.config.SiteConfig("Shift district",
        java.util.List.of(new io.gridwatch.contracts.config.GridCell("g-01", "Cell 1", "Area A", "sup-1")),
        site().config().cameras().subList(0, 1),
        java.util.List.of(
            new io.gridwatch.contracts.config.Worker("w-wang", "Wang", null, java.util.List.of("g-01"),
                java.util.List.of(new io.gridwatch.contracts.config.Shift(
                    java.util.List.of("mon", "tue", "wed", "thu", "fri"), "08:00", "20:00"))),
            new io.gridwatch.contracts.config.Worker("w-zhao", "Zhao", null, java.util.List.of("g-01"),
                java.util.List.of(new io.gridwatch.contracts.config.Shift(
                    java.util.List.of("mon", "tue", "wed", "thu", "fri"), "20:00", "08:00")))),
        "Asia/Shanghai", null);
    return new IncidentRouter(new io.gridwatch.contracts.config.Site(
        java.nio.file.Path.of("/sites/shift/site.yaml"), config, java.util.Map.of()));
  }

  private static long shanghai(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.of("Asia/Shanghai"))
        .toInstant().toEpochMilli();
  }

  @Test
  void incidentGoesToTheWorkerWhoseShiftCoversItsTimeInTheSitesZone() {
    IncidentRouter r = shiftRouter();
    // 2026-11-18 is a Wednesday.
    assertThat(r.onDuty("g-01", shanghai("2026-11-18T10:00"))).isEqualTo("w-wang");
    assertThat(r.onDuty("g-01", shanghai("2026-11-18T21:30"))).isEqualTo("w-zhao");
    // The night shift that starts on Wednesday still covers Thursday morning.
    assertThat(r.onDuty("g-01", shanghai("2026-11-19T07:59"))).isEqualTo("w-zhao");
    assertThat(r.onDuty("g-01", shanghai("2026-11-19T08:00"))).isEqualTo("w-wang");
  }

  @Test
  void nobodyOnDutyFallsBackToTheCellsCommunitySupervisor() {
    IncidentRouter r = shiftRouter();
    // Saturday afternoon: no shift; Saturday 03:00 is still Friday's night shift.
    assertThat(r.onDuty("g-01", shanghai("2026-11-21T15:00"))).isEqualTo("sup-1");
    assertThat(r.onDuty("g-01", shanghai("2026-11-21T03:00"))).isEqualTo("w-zhao");
    assertThat(r.route(alert("cam-1", AlertScene.THROWING, null, NOW), shanghai("2026-11-22T12:00")))
        .isEqualTo(new Route("g-01", "sup-1"));
  }
}
