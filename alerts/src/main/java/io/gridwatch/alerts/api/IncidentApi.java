package io.gridwatch.alerts.api;

import io.gridwatch.alerts.store.IncidentJson;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.alerts.store.IncidentStoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only REST API over the {@link IncidentStore} (Javalin).
 *
 * <ul>
 *   <li>{@code GET /api/incidents?status=&cameraId=&gridCellId=&scene=&offset=0&limit=50}:
 *       {@code {"total": N, "offset": .., "limit": .., "items": [incident, ...]}}, newest first;
 *       {@code limit} is 1..{@value ListQuery#MAX_LIMIT}</li>
 *   <li>{@code GET /api/incidents/{id}}: one incident, or 404
 *       {@code {"error": "incident 'x' not found"}}</li>
 *   <li>{@code GET /api/health}: {@code {"status": "up"|"down", "incidents": N, "components":
 *       {...}}}, 503 when anything is down</li>
 * </ul>
 * A bad query parameter gives 400 {@code {"error": "query parameter 'limit' ...", "parameter":
 * "limit"}}. Incidents are written with the store's JSON form ({@link IncidentJson}).
 */
public final class IncidentApi {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentApi.class);

  private final IncidentStore store;
  private final int port;
  private final Map<String, Supplier<ComponentHealth>> components;
  private Javalin app;
  private int boundPort = -1;

  /**
   * @param store      incidents to serve
   * @param port       TCP port on all interfaces, 0 for any free one
   * @param components health of other parts of the service by name (e.g. {@code "consumer"}),
   *                   asked on every {@code GET /api/health}
   */
  public IncidentApi(IncidentStore store, int port, Map<String, Supplier<ComponentHealth>> components) {
    this.store = Objects.requireNonNull(store, "store");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be within 0..65535, got " + port);
    }
    this.port = port;
    this.components = new LinkedHashMap<>(Objects.requireNonNull(components, "components"));
  }

  /** An API whose health is the store's alone. */
  public IncidentApi(IncidentStore store, int port) {
    this(store, port, Map.of());
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
    Javalin javalin = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(IncidentJson.newMapper(), false));
    });
    javalin.get("/api/health", this::health);
    javalin.get("/api/incidents", this::list);
    javalin.get("/api/incidents/{id}", this::getOne);
    javalin.exception(ApiException.class, (e, ctx) -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.getMessage());
      if (e.parameter() != null) {
        body.put("parameter", e.parameter());
      }
      ctx.status(e.status()).json(body);
    });
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
      try {
        javalin.stop();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    app = javalin;
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
      app.stop();
      LOG.info("Incident API on port {} stopped", boundPort);
      app = null;
    }
  }

  private void list(Context ctx) {
    ListQuery query = ListQuery.parse(ctx::queryParam);
    ctx.json(store.list(query.offset(), query.limit(), query.filter()));
  }

  private void getOne(Context ctx) {
    String id = ctx.pathParam("id");
    ctx.json(store.get(id).orElseThrow(() -> ApiException.notFound("incident '" + id + "' not found")));
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
