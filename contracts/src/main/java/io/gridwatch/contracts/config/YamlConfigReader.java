package io.gridwatch.contracts.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads GridWatch's YAML files into typed records. Unknown keys, duplicate keys, wrong types and
 * out-of-bounds values are refused with a {@link ConfigException} that names the file, the line
 * and the key at fault.
 */
public final class YamlConfigReader {

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private YamlConfigReader() {}

  /** Reads {@code file} as a {@code type}. */
  public static <T> T read(Path file, Class<T> type) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, 0, null, "file not found");
    } catch (IOException e) {
      throw new ConfigException(file, 0, null, "cannot read file: " + e.getMessage());
    }
    return parse(file, text, type);
  }

  /** Parses {@code text}, reporting problems against {@code file}. */
  public static <T> T parse(Path file, String text, Class<T> type) {
    if (text.isBlank()) {
      throw new ConfigException(file, 0, null, "file is empty");
    }
    refuseUnknownKeys(file, text, type);
    try {
      T value = YAML.readValue(text, type);
      if (value == null) {
        throw new ConfigException(file, 0, null, "file is empty");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(String::valueOf).sorted().collect(Collectors.joining(", "));
      // Jackson's path may or may not end with the unknown key itself, depending on the type.
      String path = pathOf(e.getPath());
      String parent = path.equals(e.getPropertyName()) || path.endsWith("." + e.getPropertyName())
          ? path.substring(0, Math.max(0, path.length() - e.getPropertyName().length() - 1))
          : path;
      // Records are built from buffered properties, so the parser's location may be past the key.
      int line = LineIndex.of(text).lineOf(join(parent, e.getPropertyName()), line(e.getLocation()));
      throw new ConfigException(file, line, parent,
          "unknown key '" + e.getPropertyName() + "'" + (known.isEmpty() ? "" : " (known keys: " + known + ")"));
    } catch (JsonMappingException e) {
      ConfigViolation violation = violationIn(e);
      String path = pathOf(e.getPath());
      if (violation != null) {
        String key = join(path, violation.key());
        int line = LineIndex.of(text).lineOf(key, line(e.getLocation()));
        throw new ConfigException(file, line, key, violation.getMessage());
      }
      String problem = e instanceof MismatchedInputException mie && mie.getTargetType() != null
          ? "expected " + describe(mie.getTargetType()) + " (" + firstLine(e.getOriginalMessage()) + ")"
          : firstLine(e.getOriginalMessage());
      throw new ConfigException(file, line(e.getLocation()), path, problem);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file, line(e.getLocation()), null, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }
  }

  /**
   * Jackson builds a record before it reports the record's unknown keys, so a misspelt optional
   * key would surface as "required key missing". Checking keys against the record components
   * first reports the misspelling itself, at its line.
   */
  private static void refuseUnknownKeys(Path file, String text, Class<?> type) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (RuntimeException e) {
      return; // syntax errors are reported by Jackson with their location
    }
    if (root != null) {
      checkKeys(file, root, type, "");
    }
  }

  private static void checkKeys(Path file, Node node, java.lang.reflect.Type type, String path) {
    Class<?> raw = type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType()
        : type instanceof Class<?> c ? c : Object.class;
    if (node instanceof SequenceNode seq && List.class.isAssignableFrom(raw)
        && type instanceof java.lang.reflect.ParameterizedType p) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        checkKeys(file, seq.getValue().get(i), p.getActualTypeArguments()[0], path + "[" + i + "]");
      }
      return;
    }
    if (!(node instanceof MappingNode map) || !raw.isRecord()) {
      return;
    }
    Map<String, java.lang.reflect.RecordComponent> components = new HashMap<>();
    for (java.lang.reflect.RecordComponent rc : raw.getRecordComponents()) {
      components.put(rc.getName(), rc);
    }
    for (NodeTuple tuple : map.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        continue;
      }
      java.lang.reflect.RecordComponent rc = components.get(key.getValue());
      if (rc == null) {
        String known = components.keySet().stream().sorted().collect(Collectors.joining(", "));
        throw new ConfigException(file, key.getStartMark().getLine() + 1, path,
            "unknown key '" + key.getValue() + "' (known keys: " + known + ")");
      }
      checkKeys(file, tuple.getValueNode(), rc.getGenericType(), join(path, key.getValue()));
    }
  }

  private static ConfigViolation violationIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigViolation v) {
        return v;
      }
    }
    return null;
  }

  private static String pathOf(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String join(String path, String key) {
    if (key == null || key.isEmpty()) {
      return path;
    }
    if (path.isEmpty() || key.startsWith("[")) {
      return path + key;
    }
    return path + "." + key;
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : Math.max(0, location.getLineNr());
  }

  private static String describe(Class<?> type) {
    if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      return "a number";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a text value";
    }
    if (List.class.isAssignableFrom(type) || type.isArray() || type == Polygon.class || type == Point.class) {
      return "a list";
    }
    return "a " + type.getSimpleName();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }

  /**
   * Line of each key path in a YAML text, e.g. {@code zones[0].dwellSeconds -> 7}, read with the
   * same YAML library Jackson uses, so that semantic errors found after binding still point at
   * the right line.
   */
  static final class LineIndex {
    private final Map<String, Integer> lines = new HashMap<>();

    static LineIndex of(String text) {
      LineIndex index = new LineIndex();
      try {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        if (root != null) {
          index.walk(root, "");
        }
      } catch (RuntimeException e) {
        // Syntax errors are reported by Jackson with their own location; an empty index is fine.
      }
      return index;
    }

    /** 1-based line of {@code path}, or of its nearest parent, or {@code fallback}. */
    int lineOf(String path, int fallback) {
      for (String p = path; !p.isEmpty(); p = parent(p)) {
        Integer line = lines.get(p);
        if (line != null) {
          return line;
        }
      }
      return fallback;
    }

    private static String parent(String path) {
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      return cut <= 0 ? "" : path.substring(0, cut);
    }

    private void walk(Node node, String path) {
      if (!path.isEmpty()) {
        lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
      }
      if (node instanceof MappingNode map) {
        for (NodeTuple tuple : map.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode key) {
            String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            lines.putIfAbsent(child, key.getStartMark().getLine() + 1);
            walk(tuple.getValueNode(), child);
          }
        }
      } else if (node instanceof SequenceNode seq) {
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
          walk(items.get(i), path + "[" + i + "]");
        }
      }
    }
  }
}
