package io.gridwatch.alerts.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens of logged-in users: 32 random bytes, valid for {@link #TTL}, kept in memory (a
 * restart logs everyone out, which is acceptable for a console; sharing sessions between
 * instances would need them in the store).
 */
public final class Sessions {

  /** How long a token stays valid after login. */
  public static final Duration TTL = Duration.ofHours(12);

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> byToken = new ConcurrentHashMap<>();
  private final Clock clock;

  public Sessions(Clock clock) {
    this.clock = clock;
  }

  /** A logged-in user and when their token expires. */
  public record Session(String token, User user, long expiresMs) {
    @Override
    public String toString() {
      return "Session[" + user + ", expires " + expiresMs + "]"; // the token stays out of logs
    }
  }

  /** A new session for {@code user}. */
  public Session open(User user) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Session s = new Session(token, user, clock.millis() + TTL.toMillis());
    byToken.put(token, s);
    long now = clock.millis();
    byToken.values().removeIf(x -> x.expiresMs() <= now); // expired ones go as new ones come
    return s;
  }

  /** The live session of {@code token}. */
  public Optional<Session> find(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Session s = byToken.get(token);
    if (s == null || s.expiresMs() <= clock.millis()) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public void close(String token) {
    if (token != null) {
      byToken.remove(token);
    }
  }
}
