package io.gridwatch.alerts.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwatch.alerts.auth.Role;
import io.gridwatch.alerts.auth.Sessions;
import io.gridwatch.alerts.auth.User;
import io.gridwatch.alerts.auth.UserDirectory;
import io.gridwatch.alerts.desk.CommandRefusedException;
import io.gridwatch.alerts.desk.IncidentDesk;
import io.gridwatch.alerts.desk.IncidentNotFoundException;
import io.gridwatch.alerts.lifecycle.IncidentCommand;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.alerts.stats.IncidentStats;
import io.gridwatch.alerts.store.IncidentFilter;
import io.gridwatch.alerts.store.IncidentJson;
import io.gridwatch.alerts.store.IncidentPage;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.alerts.store.IncidentStoreException;
import io.gridwatch.contracts.incident.Incident;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident service's REST API (Javalin), described in {@code openapi.yaml} (served at
 * {@code GET /api/openapi.yaml} and kept in {@code docs/incident-api.yaml}).
 *
 * <ul>
 *   <li>{@code POST /api/login} {@code {"user", "password"}} → {@code {"token", ...}}; every
 *       other call except {@code /api/health} and {@code /api/openapi.yaml} needs
 *       {@code Authorization: Bearer TOKEN} (the live stream also takes {@code ?access_token=},
 *       since browsers' EventSource cannot send headers)</li>
 *   <li>{@code GET /api/incidents} (filter, page), {@code GET /api/incidents/{id}} (with its
 *       audit log), {@code .../audit}, {@code .../evidence/{n}}, {@code .../photos/{name}}</li>
 *   <li>{@code POST /api/incidents/{id}/{action}}: dispatch, accept, verify (JSON, or multipart
 *       with photos), handle, resolve, close, escalate, reassign</li>
 *   <li>{@code GET /api/stats}, {@code GET /api/stream} (server-sent events)</li>
 * </ul>
 * Grid workers see and act on the incidents of their own cells only; anything else answers 404
 * as if it did not exist. Errors are {@code {"error": message[, "parameter": name]}}.
 */
public final class IncidentApi {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentApi.class);
  private static final String USER = "gridwatch.user";
  private static final Pattern PHOTO_NAME = Pattern.compile("[0-9a-f-]{36}\\.(jpg|png)");
  private static final long MAX_PHOTO_BYTES = 10L << 20;
  private static final int MAX_PHOTOS = 5;

  private final IncidentStore store;
  private final IncidentDesk desk;
  private final UserDirectory users;
  private final Sessions sessions;
  private final TimeLimits limits;
  private final int port;
  private final Path photoDir;
  private final Clock clock;
  private final Map<String, Supplier<ComponentHealth>> components;
  private final ObjectMapper json = IncidentJson.newMapper();
  private LiveStream stream;
  private Javalin app;
  private int boundPort = -1;

  /**
   * @param store      incidents to serve
   * @param desk       applies commands
   * @param users      who may log in
   * @param limits     time limits, for the on-time figures of the statistics
   * @param port       TCP port on all interfaces, 0 for any free one
   * @param photoDir   where verification photos are kept
   * @param clock      wall clock of commands and lights
   * @param components health of other parts of the service by name (e.g. {@code "consumer"}),
   *                   asked on every {@code GET /api/health}
   */
  public IncidentApi(IncidentStore store, IncidentDesk desk, UserDirectory users, TimeLimits limits, int port,
      Path photoDir, Clock clock, Map<String, Supplier<ComponentHealth>> components) {
    this.store = Objects.requireNonNull(store, "store");
    this.desk = Objects.requireNonNull(desk, "desk");
    this.users = Objects.requireNonNull(users, "users");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be within 0..65535, got " + port);
    }
    this.port = port;
    this.photoDir = Objects.requireNonNull(photoDir, "photoDir");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sessions = new Sessions(clock);
    this.components = new LinkedHashMap<>(Objects.requireNonNull(components, "components"));
  }

  /**
   * Starts serving.
   *
   * @return the port bound (the one asked for, or the free one picked for 0)
   */
  public synchronized int start() {
    if (app != null) {
      throw new IllegalStateException("incident API was started already (port " + boundPort + ")");
    }
    LiveStream live = new LiveStream(json, clock);
    store.addListener(live::onChange);
    Javalin javalin = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(IncidentJson.newMapper(), false));
    });
    javalin.before("/api/*", this::authenticate);
    javalin.get("/api/health", this::health);
    javalin.get("/api/openapi.yaml", this::openApi);
    javalin.post("/api/login", this::login);
    javalin.post("/api/logout", ctx -> {
      sessions.close(bearer(ctx));
      ctx.status(204);
    });
    javalin.get("/api/me", ctx -> ctx.json(me(user(ctx))));
    javalin.get("/api/incidents", this::list);
    javalin.get("/api/incidents/{id}", this::getOne);
    javalin.get("/api/incidents/{id}/audit", ctx -> ctx.json(desk.audit(visible(ctx).incidentId())));
    javalin.get("/api/incidents/{id}/evidence/{n}", this::evidence);
    javalin.get("/api/incidents/{id}/photos/{name}", this::photo);
    javalin.post("/api/incidents/{id}/{action}", this::command);
    javalin.get("/api/stats", this::stats);
    javalin.sse("/api/stream", client -> live.subscribe(client, user(client.ctx())));
    javalin.exception(ApiException.class, (e, ctx) -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.getMessage());
      if (e.parameter() != null) {
        body.put("parameter", e.parameter());
      }
      ctx.status(e.status()).json(body);
    });
    javalin.exception(IncidentNotFoundException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", e.getMessage())));
    javalin.exception(CommandRefusedException.class, (e, ctx) -> ctx.status(409).json(Map.of("error", e.getMessage())));
    javalin.exception(IncidentStoreException.class, (e, ctx) -> {
      LOG.error("Incident API: {} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
      ctx.status(503).json(Map.of("error", "incident store unavailable"));
    });
    javalin.exception(Exception.class, (e, ctx) -> {
      LOG.error("Incident API: {} {} failed", ctx.method(), ctx.path(), e);
      ctx.status(500).json(Map.of("error", "internal error"));
    });
    try {
      javalin.start(port);
    } catch (RuntimeException e) {
      // Do not leave Jetty's threads behind when the port is taken.
      live.close();
      try {
        javalin.stop();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    app = javalin;
    stream = live;
    boundPort = javalin.port();
    LOG.info("Incident API listening on port {}", boundPort);
    return boundPort;
  }

  /** The port bound by {@link #start()}, or -1 before. */
  public synchronized int port() {
    return boundPort;
  }

  /** Stops serving. Idempotent; the API cannot be started again. */
  public synchronized void stop() {
    if (app != null) {
      stream.close();
      app.stop();
      LOG.info("Incident API on port {} stopped", boundPort);
      app = null;
    }
  }

  // --- authentication ---------------------------------------------------------------------

  private void authenticate(Context ctx) {
    String path = ctx.path();
    if (path.equals("/api/login") || path.equals("/api/health") || path.equals("/api/openapi.yaml")) {
      return;
    }
    String token = bearer(ctx);
    if (token == null && path.equals("/api/stream")) {
      token = ctx.queryParam("access_token");
    }
    if (token == null) {
      throw ApiException.unauthorized("log in first: POST /api/login, then send 'Authorization: Bearer TOKEN'");
    }
    Sessions.Session session = sessions.find(token)
        .orElseThrow(() -> ApiException.unauthorized("token unknown or expired; log in again"));
    ctx.attribute(USER, session.user());
  }

  private static String bearer(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = h.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static User user(Context ctx) {
    User u = ctx.attribute(USER);
    if (u == null) {
      throw ApiException.unauthorized("log in first");
    }
    return u;
  }

  private void login(Context ctx) {
    Map<String, String> body = CommandRequest.parseJson("login", ctx.body(), json);
    String name = body.get("user");
    String password = body.get("password");
    if (name == null || name.isBlank()) {
      throw ApiException.badBody("user", "is required");
    }
    if (password == null) {
      throw ApiException.badBody("password", "is required");
    }
    User u = users.authenticate(name, password.toCharArray()).orElse(null);
    if (u == null) {
      // The name is logged to trace attacks; the password never is.
      LOG.info("Incident API: failed login for user '{}'", name);
      throw ApiException.unauthorized("wrong user or password");
    }
    Sessions.Session s = sessions.open(u);
    Map<String, Object> out = me(u);
    out.put("token", s.token());
    out.put("expiresMs", s.expiresMs());
    ctx.json(out);
  }

  private static Map<String, Object> me(User u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", u.name());
    out.put("role", u.role().wireName());
    out.put("workerId", u.workerId());
    out.put("cells", u.visibleCells() == null ? "*" : new java.util.TreeSet<>(u.visibleCells()));
    return out;
  }

  // --- reads --------------------------------------------------------------------------------

  private void list(Context ctx) {
    User u = user(ctx);
    ListQuery query = ListQuery.parse(ctx::queryParam);
    IncidentFilter filter = query.filter().withinCells(u.visibleCells());
    IncidentPage page = store.list(query.offset(), query.limit(), filter);
    long now = clock.millis();
    ObjectNode out = json.createObjectNode();
    out.put("total", page.total());
    out.put("offset", page.offset());
    out.put("limit", page.limit());
    ArrayNode items = out.putArray("items");
    page.items().forEach(i -> items.add(IncidentView.of(i, now, json)));
    ctx.json(out);
  }

  private void getOne(Context ctx) {
    Incident i = visible(ctx);
    ObjectNode node = IncidentView.of(i, clock.millis(), json);
    node.set("audit", json.valueToTree(desk.audit(i.incidentId())));
    ctx.json(node);
  }

  /** The incident of the path, if this user may see it; else 404 (its existence is not told). */
  private Incident visible(Context ctx) {
    String id = ctx.pathParam("id");
    Incident i = store.get(id).orElseThrow(() -> ApiException.notFound("incident '" + id + "' not found"));
    Set<String> cells = user(ctx).visibleCells();
    if (cells != null && (i.gridCellId() == null || !cells.contains(i.gridCellId()))) {
      throw ApiException.notFound("incident '" + id + "' not found");
    }
    return i;
  }

  private void evidence(Context ctx) throws IOException {
    Incident i = visible(ctx);
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("evidence '" + ctx.pathParam("n") + "' of incident '" + i.incidentId() + "' not found");
    }
    if (n < 0 || n >= i.evidence().size()) {
      throw ApiException.notFound("incident '" + i.incidentId() + "' has " + i.evidence().size()
          + " evidence items, no item " + n);
    }
    String ref = i.evidence().get(n);
    if (ref.startsWith("http://") || ref.startsWith("https://")) {
      ctx.redirect(ref);
      return;
    }
    // Only files the detectors recorded on the incident are served, never a path from the request.
    Path file = Path.of(ref);
    if (!Files.isRegularFile(file)) {
      throw ApiException.notFound("evidence " + n + " of incident '" + i.incidentId() + "' is no longer on disk");
    }
    sendFile(ctx, file);
  }

  private void photo(Context ctx) throws IOException {
    Incident i = visible(ctx);
    String name = ctx.pathParam("name");
    Path file = photoDir.resolve(i.incidentId()).resolve(name);
    if (!PHOTO_NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
      throw ApiException.notFound("photo '" + name + "' of incident '" + i.incidentId() + "' not found");
    }
    sendFile(ctx, file);
  }

  private static void sendFile(Context ctx, Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    ctx.contentType(name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg"
        : name.endsWith(".png") ? "image/png" : name.endsWith(".mp4") ? "video/mp4" : "application/octet-stream");
    ctx.result(Files.readAllBytes(file));
  }

  private void stats(Context ctx) {
    User u = user(ctx);
    ListQuery query = ListQuery.parse(ctx::queryParam);
    IncidentFilter filter = query.filter().withinCells(u.visibleCells());
    IncidentStats stats = new IncidentStats(limits, clock.millis());
    store.forEach(i -> {
      if (filter.matches(i)) {
        stats.add(i);
      }
    });
    ctx.json(stats.result());
  }

  // --- commands -----------------------------------------------------------------------------

  private void command(Context ctx) throws IOException {
    User u = user(ctx);
    String action = ctx.pathParam("action");
    Class<? extends IncidentCommand> type = CommandRequest.commandClass(action);
    Incident i = visible(ctx);
    if (!u.role().mayGive(type)) {
      throw ApiException.forbidden("role " + u.role().wireName() + " may not " + action + " incidents"
          + (u.role() == Role.WORKER ? "; a grid worker may accept, verify, handle and resolve" : ""));
    }
    Map<String, String> fields;
    List<String> photos = List.of();
    String contentType = ctx.contentType() == null ? "" : ctx.contentType();
    if (contentType.startsWith("multipart/form-data")) {
      if (!action.equals("verify")) {
        throw ApiException.badBody(null, "only 'verify' takes a multipart body (with photos)");
      }
      fields = new LinkedHashMap<>();
      for (var e : ctx.formParamMap().entrySet()) {
        if (!e.getKey().equals("photo") && !e.getValue().isEmpty()) {
          fields.put(e.getKey(), e.getValue().get(0));
        }
      }
      // Checked before any file is written, so that a bad request leaves nothing behind.
      CommandRequest.toCommand(action, fields, List.of(), u.actor(), clock.millis());
      photos = savePhotos(i.incidentId(), ctx.uploadedFiles("photo"));
    } else {
      fields = CommandRequest.parseJson(action, ctx.body(), json);
    }
    IncidentCommand command = CommandRequest.toCommand(action, fields, photos, u.actor(), clock.millis());
    Incident after = desk.apply(i.incidentId(), command);
    ctx.json(IncidentView.of(after, clock.millis(), json));
  }

  private List<String> savePhotos(String incidentId, List<UploadedFile> files) throws IOException {
    if (files.size() > MAX_PHOTOS) {
      throw ApiException.badBody("photo", "at most " + MAX_PHOTOS + " photos per verification, got " + files.size());
    }
    List<String> links = new ArrayList<>();
    Path dir = photoDir.resolve(incidentId);
    for (UploadedFile f : files) {
      String type = f.contentType() == null ? "" : f.contentType();
      String ext = type.equals("image/jpeg") ? "jpg" : type.equals("image/png") ? "png" : null;
      if (ext == null) {
        throw ApiException.badBody("photo", "'" + f.filename() + "' is " + type + "; expected image/jpeg or image/png");
      }
      if (f.size() > MAX_PHOTO_BYTES) {
        throw ApiException.badBody("photo", "'" + f.filename() + "' is larger than 10 MB");
      }
      Files.createDirectories(dir);
      String name = UUID.randomUUID() + "." + ext;
      try (InputStream in = f.content()) {
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      links.add("/api/incidents/" + incidentId + "/photos/" + name);
    }
    return links;
  }

  // --- service ------------------------------------------------------------------------------

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = IncidentApi.class.getResourceAsStream("/io/gridwatch/alerts/api/openapi.yaml")) {
      if (in == null) {
        throw ApiException.notFound("openapi.yaml is not packaged");
      }
      ctx.contentType("application/yaml").result(in.readAllBytes());
    }
  }

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean up = true;
    try {
      long count = store.count();
      body.put("incidents", count);
    } catch (RuntimeException e) {
      up = false;
      body.put("incidents", null);
      body.put("storeError", e.getMessage());
    }
    Map<String, ComponentHealth> parts = new LinkedHashMap<>();
    for (var entry : components.entrySet()) {
      ComponentHealth h;
      try {
        h = entry.getValue().get();
      } catch (RuntimeException e) {
        h = new ComponentHealth(false, Map.of("error", String.valueOf(e.getMessage())));
      }
      parts.put(entry.getKey(), h);
      up &= h.up();
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("status", up ? "up" : "down");
    response.putAll(body);
    response.put("components", parts);
    ctx.status(up ? 200 : 503).json(response);
  }
}
