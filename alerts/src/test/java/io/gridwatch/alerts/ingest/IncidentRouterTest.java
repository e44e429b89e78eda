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
    assertThat(router.route(alert("cam-1", AlertScene.THROWING, null, NOW))).isEqualTo(new Route("g-01", "w-1"));
  }

  @Test
  void cellWithoutWorkerGoesToItsSupervisor() {
    assertThat(router.route(alert("cam-2", AlertScene.RIVER_DEBRIS, null, NOW))).isEqualTo(new Route("g-02", "sup-2"));
  }

  @Test
  void cellWithoutWorkerOrSupervisorHasNoAssignee() {
    assertThat(router.route(alert("cam-3", AlertScene.THROWING, null, NOW))).isEqualTo(new Route("g-03", null));
  }

  @Test
  void equipmentAlertsGoToTheMaintainer() {
    assertThat(router.route(alert("cam-1", AlertScene.CAMERA_OFFLINE, null, NOW)))
        .isEqualTo(new Route("g-01", IncidentRouter.MAINTAINER));
    assertThat(router.route(alert("cam-3", AlertScene.CAMERA_TAMPER, null, NOW)))
        .isEqualTo(new Route("g-03", IncidentRouter.MAINTAINER));
  }

  @Test
  void unknownCameraHasNoGridCellAndNoAssignee() {
    assertThat(router.route(alert("cam-x", AlertScene.THROWING, null, NOW))).isEqualTo(new Route(null, null));
  }

  @Test
  void withoutSiteOnlyEquipmentIsAssigned() {
    IncidentRouter none = IncidentRouter.withoutSite();

    assertThat(none.route(alert("cam-1", AlertScene.THROWING, null, NOW))).isEqualTo(new Route(null, null));
    assertThat(none.route(alert("cam-1", AlertScene.CAMERA_OFFLINE, null, NOW)))
        .isEqualTo(new Route(null, IncidentRouter.MAINTAINER));
  }
}
