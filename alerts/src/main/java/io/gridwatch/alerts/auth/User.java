package io.gridwatch.alerts.auth;

import java.util.Objects;
import java.util.Set;

/**
 * A person who may log in.
 *
 * @param name         login name
 * @param role         what they may do
 * @param workerId     for a grid worker, their id in the site file's {@code workers}; else null
 * @param cells        grid cells a worker covers (from the site file); empty for other roles
 * @param passwordHash {@link PasswordHasher} hash; never serialised or logged
 */
public record User(String name, Role role, String workerId, Set<String> cells, String passwordHash) {

  public User {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    cells = cells == null ? Set.of() : Set.copyOf(cells);
  }

  /** Who acts, as written in the audit log: a worker by their worker id, others by login name. */
  public String actor() {
    return workerId != null ? workerId : name;
  }

  /** The cells this user may see, or null for all of them. */
  public Set<String> visibleCells() {
    return role.seesAllCells() ? null : cells;
  }

  @Override
  public String toString() {
    // The hash stays out of logs and exception messages.
    return "User[" + name + ", " + role.wireName() + (workerId == null ? "" : ", worker " + workerId) + "]";
  }
}
