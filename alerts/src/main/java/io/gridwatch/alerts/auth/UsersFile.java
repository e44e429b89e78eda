package io.gridwatch.alerts.auth;

import io.gridwatch.contracts.config.ConfigViolation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The users file: who may log in to the incident API. See docs/configuration.md.
 *
 * @param users the users
 */
public record UsersFile(List<Entry> users) {

  public UsersFile {
    ConfigViolation.required(users, "users");
    users = List.copyOf(users);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      ConfigViolation.check(names.add(users.get(i).name()), "users[" + i + "].name",
          "user name '" + users.get(i).name() + "' is used twice");
    }
  }

  /**
   * One user.
   *
   * @param name         login name
   * @param role         {@code operator}, {@code worker}, {@code engineer} or {@code admin}
   * @param worker       for role {@code worker}: their id in the site file's {@code workers}
   * @param passwordHash hash written by {@code gridwatch users hash-password}
   */
  public record Entry(String name, String role, String worker, String passwordHash) {

    public Entry {
      ConfigViolation.required(name, "name");
      ConfigViolation.required(role, "role");
      try {
        Role r = Role.fromWireName(role);
        ConfigViolation.check(r != Role.WORKER || (worker != null && !worker.isBlank()), "worker",
            "is required for role worker: the worker's id in the site file");
        ConfigViolation.check(r == Role.WORKER || worker == null, "worker", "is only for role worker");
      } catch (ConfigViolation e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new ConfigViolation("role", e.getMessage());
      }
      ConfigViolation.required(passwordHash, "passwordHash");
      ConfigViolation.check(PasswordHasher.isHash(passwordHash), "passwordHash",
          "is not a pbkdf2-sha256 hash; write one with `gridwatch users hash-password` (never a plain password)");
    }
  }
}
