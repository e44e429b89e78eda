package io.gridwatch.alerts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.alerts.auth.PasswordHasher;
import io.gridwatch.alerts.auth.Role;
import io.gridwatch.alerts.auth.User;
import io.gridwatch.alerts.auth.UserDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** HTTP calls against a running {@link IncidentApi}, and the users the tests log in as. */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Every test user's password. */
  public static final String PASSWORD = "correct horse battery staple";

  /**
   * {@code chen} (operator), {@code wang} (worker w-1, cell g-01), {@code liu} (worker w-2, cell
   * g-02), {@code zhou} (engineer), {@code root} (admin). Hashed once per test JVM.
   */
  public static final UserDirectory USERS;

  static {
    String hash = PasswordHasher.hash(PASSWORD.toCharArray());
    USERS = UserDirectory.of(List.of(
        new User("chen", Role.OPERATOR, null, null, hash),
        new User("wang", Role.WORKER, "w-1", Set.of("g-01"), hash),
        new User("liu", Role.WORKER, "w-2", Set.of("g-02"), hash),
        new User("zhou", Role.ENGINEER, null, null, hash),
        new User("root", Role.ADMIN, null, null, hash)));
  }

  private final int port;

  public ApiClient(int port) {
    this.port = port;
  }

  public record Response(int status, JsonNode json, String body, String contentType) {}

  /** Logs in and returns the token. */
  public String login(String user) throws IOException, InterruptedException {
    Response r = post(null, "/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}");
    if (r.status != 200) {
      throw new AssertionError("login of " + user + " failed: " + r.status + " " + r.body);
    }
    return r.json.get("token").asText();
  }

  public Response get(String token, String path) throws IOException, InterruptedException {
    return send(request(token, path).GET().build());
  }

  public Response post(String token, String path, String body) throws IOException, InterruptedException {
    return send(request(token, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build());
  }

  /** A multipart POST: text fields, and files as (field name, file name, content type, bytes). */
  public Response postMultipart(String token, String path, Map<String, String> fields, List<Object[]> files)
      throws IOException, InterruptedException {
    String boundary = "gw" + System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (var f : fields.entrySet()) {
      out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
          + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Object[] file : files) {
      out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file[0] + "\"; filename=\""
          + file[1] + "\"\r\nContent-Type: " + file[2] + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write((byte[]) file[3]);
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(request(token, path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
  }

  public HttpRequest.Builder request(String token, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    String type = response.headers().firstValue("Content-Type").orElse("");
    JsonNode json = type.startsWith("application/json") && !response.body().isEmpty()
        ? JSON.readTree(response.body()) : null;
    return new Response(response.statusCode(), json, response.body(), type);
  }
}
