package io.gridwatch.ingest.source;

import io.gridwatch.contracts.config.CameraConfig;
import io.gridwatch.contracts.config.SceneCodec;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Camera splits from a site file: one per camera, with its scene, sampling and limits. */
public final class CameraSplits {

  private CameraSplits() {}

  /** Every camera of the site; file cameras play in real time, as live cameras would. */
  public static List<CameraSplit> fromSite(Site site) {
    List<CameraSplit> splits = new ArrayList<>();
    for (CameraConfig camera : site.config().cameras()) {
      SceneConfig scene = site.scenes().get(camera.id());
      splits.add(new CameraSplit(camera.id(), site.sourceOf(camera), camera.decoder(),
          Boolean.TRUE.equals(camera.loop()), true, scene.sampling().intervalMs(),
          camera.passwordEnv(), camera.passwordFile() == null ? null
              : site.file().getParent().resolve(camera.passwordFile()).toString(),
          SceneCodec.toJson(scene), camera.offlineAlertSeconds() * 1000L));
    }
    return splits;
  }

  /**
   * A digest of the site file and every scene file it names, to tell cheaply whether anything
   * changed since the last look. Unreadable files count as a change (the reload then reports
   * what is wrong).
   */
  public static String fingerprint(Path siteFile) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] site = Files.readAllBytes(siteFile);
      md.update(site);
      Path dir = siteFile.toAbsolutePath().getParent();
      // Scene paths are looked up textually so that a broken site file still has a fingerprint.
      for (String line : new String(site, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        var m = java.util.regex.Pattern.compile("scene:\\s*([^,}\\s]+)").matcher(line);
        while (m.find()) {
          Path scene = dir.resolve(m.group(1).replace("\"", "").replace("'", ""));
          if (Files.isRegularFile(scene)) {
            md.update(Files.readAllBytes(scene));
          }
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      return "unreadable:" + e.getMessage();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
