package io.gridwatch.alerts.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenApiFileTest {

  @Test
  void everyRouteOfTheApiIsDescribed() throws Exception {
    JsonNode doc;
    try (InputStream in = IncidentApi.class.getResourceAsStream("/io/gridwatch/alerts/api/openapi.yaml")) {
      doc = new YAMLMapper().readTree(in);
    }
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    // The routes as IncidentApi.start() registers them, read from its source on the classpath's twin.
    String source = java.nio.file.Files.readString(java.nio.file.Path.of(
        "src/main/java/io/gridwatch/alerts/api/IncidentApi.java"));
    Matcher m = Pattern.compile("javalin\\.(get|post|sse)\\(\"(/api/[^\"]*)\"").matcher(source);
    List<String> routes = new ArrayList<>();
    while (m.find()) {
      String method = m.group(1).equals("sse") ? "get" : m.group(1);
      routes.add(method + " " + m.group(2));
    }
    assertThat(routes).hasSizeGreaterThan(10);
    for (String route : routes) {
      String[] parts = route.split(" ");
      assertThat(doc.at("/paths").get(parts[1])).as(route).isNotNull();
      assertThat(doc.at("/paths").get(parts[1]).get(parts[0])).as(route).isNotNull();
    }
  }
}
