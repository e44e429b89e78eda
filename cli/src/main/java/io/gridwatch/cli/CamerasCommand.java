package io.gridwatch.cli;

import io.gridwatch.cli.GridWatchCli.BadInputException;
import io.gridwatch.contracts.config.CameraConfig;
import io.gridwatch.contracts.config.Site;
import io.gridwatch.ingest.sim.rtsp.RtspCameraSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridwatch cameras}: simulated cameras. */
@Command(
    name = "cameras",
    mixinStandardHelpOptions = true,
    description = "Simulated cameras, for demos and tests.",
    subcommands = {CamerasCommand.Serve.class, CommandLine.HelpCommand.class})
final class CamerasCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** {@code gridwatch cameras serve}: video files as live RTSP cameras until Ctrl-C. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
          "Serves video files as live RTSP cameras until Ctrl-C.",
          "Each file (H.264 without B-frames, as GridWatch's generated clips are) is served at "
              + "rtsp://ADDRESS:PORT/NAME, looping forever. Needs GStreamer's RTSP server for "
              + "/usr/bin/python3 (scripts/install-system-deps.sh installs it).",
          "Exit codes: 0 stopped by Ctrl-C, 1 the server failed, 2 bad input (the message names it)."})
  static final class Serve implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8554", description = "RTSP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--address", defaultValue = "127.0.0.1",
        description = "Address to listen on; 0.0.0.0 serves other machines (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--path", paramLabel = "NAME=FILE", description = "Serve FILE at rtsp://ADDRESS:PORT/NAME; repeatable.")
    Map<String, Path> paths = new LinkedHashMap<>();

    @Option(names = "--site", paramLabel = "SITE.yaml",
        description = "Also serve every file camera of this site under its camera id.")
    Path site;

    @Option(names = "--fps", description = "Frames per second (default: each file's own rate).")
    Double fps;

    @Option(names = "--user", description = "Require RTSP basic authentication with this user.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "Environment variable holding the password for --user (never on the command line).")
    String passwordEnv;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      Map<String, Path> served = new LinkedHashMap<>();
      paths.forEach((name, file) -> served.put(name, file.toAbsolutePath().normalize()));
      if (site != null) {
        Site loaded = Site.load(site);
        for (CameraConfig camera : loaded.config().cameras()) {
          if (camera.file() == null) {
            out.println("skipping camera " + camera.id() + ": it is a live stream, not a file");
          } else if (served.putIfAbsent(camera.id(), Path.of(loaded.sourceOf(camera))) != null) {
            throw new BadInputException("--path " + camera.id() + " is also a camera of " + site);
          }
        }
      }
      if (served.isEmpty()) {
        throw new BadInputException("nothing to serve: give --path NAME=FILE or a --site with file cameras");
      }
      RtspCameraSimulator.Builder builder = RtspCameraSimulator.builder().address(address);
      try {
        builder.port(port).paths(served);
        if (fps != null) {
          builder.fps(fps);
        }
        if (user != null || passwordEnv != null) {
          if (user == null || passwordEnv == null) {
            throw new BadInputException("--user and --password-env go together");
          }
          String password = System.getenv(passwordEnv);
          if (password == null) {
            throw new BadInputException("--password-env: environment variable " + passwordEnv + " is not set");
          }
          builder.credentials(user, password);
        }
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }

      RtspCameraSimulator cameras = builder.build();
      try {
        cameras.start();
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage()); // a file or the port the user must change
      } catch (IOException e) {
        System.err.println("gridwatch: " + e.getMessage());
        return 1;
      }
      // Ctrl-C reaches the server too (same process group), and the simulator's shutdown hook
      // stops it when only the JVM is signalled: either way waitFor() returns.
      out.printf("serving %d camera(s)%s:%n", served.size(), user == null ? "" : " (user " + user + ")");
      int width = served.keySet().stream().mapToInt(name -> cameras.url(name).length()).max().orElse(0);
      served.forEach((name, file) -> out.printf("  %-" + width + "s  %s%n", cameras.url(name), file));
      out.println("Press Ctrl-C to stop.");
      out.flush();
      int code = cameras.waitFor();
      if (code != 0) {
        System.err.println("gridwatch: the RTSP camera server exited with code " + code + " (see its log above)");
        return 1;
      }
      out.println("stopped.");
      return 0;
    }
  }
}
