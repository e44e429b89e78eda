package io.gridwatch.alerts;

import java.nio.file.Path;

/**
 * The incident service as a process of its own, for {@link CrashRecoveryITCase} to kill with
 * SIGKILL: consumes alerts from {@code args[1]} into the store in {@code args[0]} and prints,
 * every 20 ms, the number of stored incidents and whether alert {@code args[2]} (the last one
 * sent) is in.
 */
public final class CrashTarget {

  private CrashTarget() {}

  public static void main(String[] args) throws Exception {
    IncidentServiceConfig config = new IncidentServiceConfig(Path.of(args[0]), args[1], null, 0, null, TestData.site());
    IncidentService service = IncidentService.start(config);
    System.out.println("READY");
    while (true) {
      System.out.println("COUNT " + service.store().count() + " " + service.store().incidentForAlert(args[2]).isPresent());
      System.out.flush();
      Thread.sleep(20);
    }
  }
}
