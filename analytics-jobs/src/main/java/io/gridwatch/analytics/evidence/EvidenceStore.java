package io.gridwatch.analytics.evidence;

import io.gridwatch.contracts.alert.Alert;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps an alert's evidence under a folder: {@code <root>/<cameraId>/<alertId>.jpg}. Files are
 * written to a temporary name and moved into place, so a reader never sees half a snapshot.
 */
public final class EvidenceStore implements Serializable {

  private static final long serialVersionUID = 1L;
  private final String root;

  public EvidenceStore(Path root) {
    this.root = root.toAbsolutePath().normalize().toString();
  }

  public Path root() {
    return Path.of(root);
  }

  /** Where an alert's evidence clip goes. */
  public Path clipPath(Alert alert) {
    return Path.of(root, alert.cameraId(), alert.alertId() + ".mp4");
  }

  /** Writes the snapshot and returns the path to reference from the alert. */
  public Path writeSnapshot(Alert alert, byte[] jpeg) throws IOException {
    Path dir = Path.of(root, alert.cameraId());
    Files.createDirectories(dir);
    Path target = dir.resolve(alert.alertId() + ".jpg");
    // A plain name rather than createTempFile, whose owner-only permissions would keep the
    // console's web server from reading the snapshot.
    Path tmp = dir.resolve(alert.alertId() + ".jpg.part");
    try {
      Files.write(tmp, jpeg);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }
}
