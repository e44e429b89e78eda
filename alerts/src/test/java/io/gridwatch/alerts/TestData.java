package io.gridwatch.alerts;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.CameraConfig;
import io.gridwatch.contracts.config.GridCell;
import io.gridwatch.contracts.config.Site;
import io.gridwatch.contracts.config.SiteConfig;
import io.gridwatch.contracts.config.Worker;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Alerts, incidents and a small site for tests. */
public final class TestData {

  /** Wall clock of the tests. */
  public static final long NOW = 1_760_000_000_000L;
  public static final long MINUTE = 60_000;

  private TestData() {}

  /** A street-occupation alert of {@code cam-1}, zone {@code shop-3}, lasting 30 s from {@code startMs}. */
  public static Alert alert(long startMs) {
    return alert("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", startMs);
  }

  public static Alert alert(String cameraId, AlertScene scene, String zone, long startMs) {
    return Alert.of(cameraId, scene, zone, startMs, startMs + 30_000, 0.8,
        Map.of("coverage", 0.4, "objects", 2), startMs + 30_000, List.of("snap/" + startMs + ".jpg"));
  }

  /** An incident opened by {@link #alert(String, AlertScene, String, long)} at {@code createdMs}. */
  public static Incident incident(String cameraId, AlertScene scene, String zone, long createdMs) {
    return Incident.openedBy(alert(cameraId, scene, zone, createdMs - 60_000), "g-01", "w-1", createdMs);
  }

  public static Incident withStatus(Incident i, IncidentStatus status) {
    return new Incident(i.incidentId(), status, i.cameraId(), i.gridCellId(), i.scene(), i.zone(),
        i.assignee(), i.alertIds(), i.firstAlertMs(), i.lastAlertMs(), i.confidence(), i.details(),
        i.evidence(), i.createdMs(), i.updatedMs());
  }

  public static Incident withGridCell(Incident i, String gridCellId) {
    return new Incident(i.incidentId(), i.status(), i.cameraId(), gridCellId, i.scene(), i.zone(),
        i.assignee(), i.alertIds(), i.firstAlertMs(), i.lastAlertMs(), i.confidence(), i.details(),
        i.evidence(), i.createdMs(), i.updatedMs());
  }

  /**
   * Cells g-01 (worker w-1 and w-2 cover it, w-1 first), g-02 (no worker, supervisor sup-2),
   * g-03 (nobody); cameras cam-1 in g-01, cam-2 in g-02, cam-3 in g-03.
   */
  public static Site site() {
    SiteConfig config = new SiteConfig("Test district",
        List.of(new GridCell("g-01", "Cell 1", "Area A", "sup-1"),
            new GridCell("g-02", "Cell 2", "Area A", "sup-2"),
            new GridCell("g-03", "Cell 3", "Area B", null)),
        List.of(camera("cam-1", "g-01"), camera("cam-2", "g-02"), camera("cam-3", "g-03")),
        List.of(new Worker("w-1", "Worker One", null, List.of("g-01")),
            new Worker("w-2", "Worker Two", null, List.of("g-01"))));
    return new Site(Path.of("/sites/test/site.yaml"), config, Map.of());
  }

  private static CameraConfig camera(String id, String cell) {
    return new CameraConfig(id, "rtsp://cams.local:554/" + id, null, null, id + ".yaml", cell, null, null, null, null);
  }
}
