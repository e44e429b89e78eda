package io.gridwatch.ingest.sim.rtsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real RTSP cameras for tests, the demo and {@code gridwatch cameras serve}: serves H.264 video
 * files (without B-frames, as {@link io.gridwatch.ingest.encode.ClipWriter} writes them) at
 * {@code rtsp://127.0.0.1:PORT/NAME}, each looping forever as a live stream.
 *
 * <p>The server is GStreamer's RTSP server driven by {@code rtsp_camera_server.py}, run as a
 * child process with Debian's {@code /usr/bin/python3} (the only Python that sees the Debian
 * packages python3-gi and gir1.2-gst-rtsp-server-1.0; {@code scripts/install-system-deps.sh}
 * installs them). A child process rather than in-JVM GStreamer because tests must be able to
 * kill, restart and freeze (SIGSTOP) a camera as a whole, as cameras fail in the field.
 *
 * <p>No child outlives the JVM: a shutdown hook kills running servers, and a server exits by
 * itself when its stdin, held by this JVM, closes (which also covers the JVM being SIGKILLed).
 */
public final class RtspCameraSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RtspCameraSimulator.class);

  /** Debian's Python: a pyenv or venv python3 first on PATH cannot import the GStreamer bindings. */
  static final String PYTHON = "/usr/bin/python3";
  private static final String SCRIPT = "rtsp_camera_server.py";
  private static final String PASSWORD_ENV = "GRIDWATCH_RTSP_SIM_PASSWORD";
  private static final Pattern READY = Pattern.compile("READY rtsp://(.+):(\\d+)/");
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);

  /** Every running server of this JVM, for the shutdown hook. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process p : RUNNING) {
        signal(p, "CONT"); // a paused server would not act on SIGTERM
        p.destroy();
      }
      for (Process p : RUNNING) {
        try {
          if (!p.waitFor(1, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
        }
      }
    }, "rtsp-camera-simulator-shutdown"));
  }

  private final String address;
  private final Map<String, Path> paths;
  private final String user;
  private final String password;
  private final Double fps;
  private final Duration startTimeout;
  private final String python;
  private volatile int port;
  private volatile String host;
  private Process process;
  private boolean paused;

  private RtspCameraSimulator(Builder b) {
    this.address = b.address;
    this.paths = Collections.unmodifiableMap(new LinkedHashMap<>(b.paths));
    this.user = b.user;
    this.password = b.password;
    this.fps = b.fps;
    this.startTimeout = b.startTimeout;
    this.python = b.python;
    this.port = b.port;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the server and waits until it listens.
   *
   * @throws IllegalArgumentException when the server refuses a file (missing, not H.264, with
   *     B-frames) or the port; the message names it
   * @throws IOException when the server cannot run here (missing packages) or does not get ready
   */
  public synchronized RtspCameraSimulator start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the RTSP camera simulator is already running on port " + port);
    }
    List<String> cmd = new ArrayList<>(List.of(python, extractScript().toString(),
        "--port", Integer.toString(port), "--address", address, "--exit-with-stdin"));
    paths.forEach((name, file) -> cmd.addAll(List.of("--path", name + "=" + file.toAbsolutePath())));
    if (fps != null) {
      cmd.addAll(List.of("--fps", fps.toString()));
    }
    if (user != null) {
      cmd.addAll(List.of("--user", user, "--password-env", PASSWORD_ENV));
    }
    LOG.debug("starting {}", cmd); // no password in it: see below
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (user != null) {
      // In the environment, not on the command line, where any user of the machine could see it.
      pb.environment().put(PASSWORD_ENV, password);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("RTSP camera simulator " + packagesHint(python) + " (" + e.getMessage() + ")", e);
    }
    RUNNING.add(p);
    p.onExit().thenRun(() -> RUNNING.remove(p));
    String tag = "rtsp-sim[" + p.pid() + "]";
    CompletableFuture<String> ready = new CompletableFuture<>();
    Deque<String> stderrTail = new ArrayDeque<>();
    drain(p.getInputStream(), tag + "-out", line -> {
      if (!ready.isDone() && READY.matcher(line).matches()) {
        ready.complete(line);
      }
      LOG.info("{}: {}", tag, line);
    }, () -> ready.completeExceptionally(new IOException("exited before it was ready")));
    CompletableFuture<Void> stderrDone = drain(p.getErrorStream(), tag + "-err", line -> {
      synchronized (stderrTail) {
        stderrTail.addLast(line);
        if (stderrTail.size() > 20) {
          stderrTail.removeFirst();
        }
      }
      boolean bad = line.startsWith("error") || line.contains("CRITICAL") || line.contains("WARN");
      if (bad) {
        LOG.warn("{}: {}", tag, line);
      } else {
        LOG.info("{}: {}", tag, line);
      }
    }, () -> { });

    String line;
    try {
      line = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the RTSP camera simulator", e);
    } catch (TimeoutException | ExecutionException e) {
      boolean exited = waitQuietly(p, Duration.ofSeconds(2));
      kill(p);
      try {
        stderrDone.get(2, TimeUnit.SECONDS); // its last words explain why it did not start
      } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
        // explain with what was read so far
      }
      String why;
      synchronized (stderrTail) {
        // The script's own "error: ..." lines say what is at fault; else show what it printed.
        List<String> errors = stderrTail.stream().filter(l -> l.startsWith("error: "))
            .map(l -> l.substring("error: ".length())).toList();
        why = String.join(" | ", errors.isEmpty() ? stderrTail : errors);
      }
      if (!exited) {
        throw new IOException("RTSP camera simulator on port " + port + " was not ready within "
            + startTimeout.toSeconds() + " s" + (why.isEmpty() ? "" : ": " + why));
      }
      int code = p.exitValue();
      if (code == 2) {
        throw new IllegalArgumentException("RTSP camera simulator refused its input: " + why);
      }
      if (code == 3) { // the script names the missing Debian packages
        throw new IOException("RTSP camera simulator: " + why);
      }
      throw new IOException("RTSP camera simulator exited with code " + code + " before it was ready"
          + (why.isEmpty() ? "" : ": " + why));
    }
    Matcher m = READY.matcher(line);
    m.matches();
    host = m.group(1);
    port = Integer.parseInt(m.group(2)); // port 0 asked for any free port: keep it for restart()
    process = p;
    paused = false;
    return this;
  }

  /** {@code rtsp://HOST:PORT/NAME}, without credentials. */
  public String url(String name) {
    if (!paths.containsKey(name)) {
      throw new IllegalArgumentException("the RTSP camera simulator serves no path '" + name + "' (it serves "
          + paths.keySet() + ")");
    }
    return baseUrl() + name;
  }

  /** {@code rtsp://HOST:PORT/}. */
  public String baseUrl() {
    if (host == null) {
      throw new IllegalStateException("the RTSP camera simulator has not been started");
    }
    return "rtsp://" + host + ":" + port + "/";
  }

  /** The port it listens on (once started; the chosen one when built with port 0). */
  public int port() {
    return port;
  }

  /** Served paths: name → file. */
  public Map<String, Path> paths() {
    return paths;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Process id of the server, for tests that want to do more to it. */
  public synchronized long pid() {
    requireRunning();
    return process.pid();
  }

  /**
   * Stops the server: SIGTERM (clients get end of stream), SIGKILL if it is still there after
   * a grace period. Does nothing when not running.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    Process p = process;
    process = null;
    if (paused) {
      signal(p, "CONT"); // a stopped process keeps SIGTERM pending until it continues
      paused = false;
    }
    p.destroy();
    if (!waitQuietly(p, STOP_GRACE)) {
      LOG.warn("rtsp-sim[{}]: did not stop within {} s of SIGTERM; killing it", p.pid(), STOP_GRACE.toSeconds());
      kill(p);
    }
  }

  /** Stops and starts again on the same port, as a camera that reboots. */
  public synchronized RtspCameraSimulator restart() throws IOException {
    stop();
    return start();
  }

  /**
   * Freezes the server with SIGSTOP: connections stay open but no packet flows and no request
   * is answered, like a hung camera. Clients hit their socket timeouts.
   */
  public synchronized void pause() {
    requireRunning();
    if (!paused) {
      signalOrThrow(process, "STOP");
      paused = true;
    }
  }

  /** Undoes {@link #pause()}; the streams skip ahead to the present, leaving a gap in time. */
  public synchronized void resume() {
    requireRunning();
    if (paused) {
      signalOrThrow(process, "CONT");
      paused = false;
    }
  }

  /**
   * Waits until the running server exits by itself or is stopped; its exit code (0 after
   * SIGTERM or SIGINT). Returns 0 at once when it is not running.
   */
  public int waitFor() throws InterruptedException {
    Process p;
    synchronized (this) {
      p = process;
    }
    return p == null ? 0 : p.waitFor();
  }

  @Override
  public void close() {
    stop();
  }

  private void requireRunning() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("the RTSP camera simulator is not running");
    }
  }

  private static Path extracted;

  private static String packagesHint(String python) {
    return "needs Debian's " + python + " with GStreamer's RTSP server: install python3-gi python3-gst-1.0 "
        + "gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good "
        + "gstreamer1.0-plugins-bad (scripts/install-system-deps.sh does)";
  }

  /** The script as a file, once per JVM: python cannot run it from inside a jar. */
  private static synchronized Path extractScript() throws IOException {
    if (extracted != null && Files.isRegularFile(extracted)) {
      return extracted;
    }
    Path file = Files.createTempFile("gridwatch-rtsp-camera-server-", ".py");
    file.toFile().deleteOnExit();
    try (InputStream in = RtspCameraSimulator.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException(SCRIPT + " is missing from the classpath next to " + RtspCameraSimulator.class.getName());
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    extracted = file;
    return file;
  }

  /** Reads a stream of the child line by line on a daemon thread; completes when it ends. */
  private static CompletableFuture<Void> drain(InputStream in, String threadName,
      java.util.function.Consumer<String> onLine, Runnable onEnd) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the process went away; nothing more to read
      } finally {
        onEnd.run();
        done.complete(null);
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
    return done;
  }

  private static boolean waitQuietly(Process p, Duration d) {
    try {
      return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void kill(Process p) {
    p.destroyForcibly();
    waitQuietly(p, Duration.ofSeconds(2));
  }

  /** ProcessHandle cannot send SIGSTOP/SIGCONT, so this runs kill(1). */
  private static boolean signal(Process p, String sig) {
    try {
      return new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void signalOrThrow(Process p, String sig) {
    if (!signal(p, sig)) {
      throw new UncheckedIOException(new IOException("cannot send SIG" + sig + " to the RTSP camera simulator (pid "
          + p.pid() + ")"));
    }
  }

  /** Settings of a simulator; {@link #build()} checks them. */
  public static final class Builder {
    private String address = "127.0.0.1";
    private int port;
    private final Map<String, Path> paths = new LinkedHashMap<>();
    private String user;
    private String password;
    private Double fps;
    private Duration startTimeout = Duration.ofSeconds(15);
    private String python = PYTHON;

    private Builder() {}

    /** RTSP port; 0 (the default) picks a free one, kept across {@link #restart()}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("RTSP port " + port + " is not in 0-65535");
      }
      this.port = port;
      return this;
    }

    /** Address to listen on; 127.0.0.1 by default, 0.0.0.0 to serve other machines. */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /** Serves {@code file} at {@code rtsp://HOST:PORT/name}. */
    public Builder path(String name, Path file) {
      if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("RTSP path name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
      }
      if (paths.containsKey(name)) {
        throw new IllegalArgumentException("RTSP path '" + name + "' is given twice");
      }
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("RTSP path '" + name + "': video file not found: " + file);
      }
      paths.put(name, file);
      return this;
    }

    public Builder paths(Map<String, Path> paths) {
      paths.forEach(this::path);
      return this;
    }

    /** Requires RTSP basic authentication; a wrong password gets 401 Unauthorized. */
    public Builder credentials(String user, String password) {
      if (user == null || user.isEmpty() || user.contains(":") || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("RTSP credentials need a user without ':' and a non-empty password");
      }
      this.user = user;
      this.password = password;
      return this;
    }

    /** Frames per second to serve at; by default each file's own rate (25 if it has none). */
    public Builder fps(double fps) {
      if (!(fps > 0 && fps <= 240)) {
        throw new IllegalArgumentException("fps " + fps + " is not in (0, 240]");
      }
      this.fps = fps;
      return this;
    }

    /** How long {@link #start()} waits for the server to listen (default 15 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Another Python than Debian's, for tests of the error when it lacks GStreamer. */
    Builder python(String python) {
      this.python = python;
      return this;
    }

    public RtspCameraSimulator build() {
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("the RTSP camera simulator needs at least one path");
      }
      return new RtspCameraSimulator(this);
    }
  }
}
