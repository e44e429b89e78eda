package io.gridwatch.alerts.auth;

import io.gridwatch.contracts.config.ConfigException;
import io.gridwatch.contracts.config.Site;
import io.gridwatch.contracts.config.Worker;
import io.gridwatch.contracts.config.YamlConfigReader;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users who may log in: those of the users file, and (for {@code gridwatch demo} only) the
 * demo users. A worker's cells come from the site file, so moving a worker to other cells needs
 * no change to the users file.
 */
public final class UserDirectory {

  /** Demo logins (user / password): one per role, and every site worker by worker id. */
  public static final String DEMO_OPERATOR = "operator";
  public static final String DEMO_ENGINEER = "engineer";
  public static final String DEMO_ADMIN = "admin";
  /** Password of every demo worker login (the login name is the worker id). */
  public static final String DEMO_WORKER_PASSWORD = "worker";

  /** Hash compared against when the user is unknown, so that timing does not tell names apart. */
  private static final String DUMMY_HASH = PasswordHasher.hash("not-a-password".toCharArray());

  private final Map<String, User> users;

  private UserDirectory(Map<String, User> users) {
    this.users = users;
  }

  /**
   * Loads the users file (when given) and adds the demo users (when asked).
   *
   * @throws ConfigException naming the file, line and key at fault (e.g. a worker the site does
   *                         not list)
   */
  public static UserDirectory load(Path usersFile, Site site, boolean demoUsers) {
    Map<String, User> users = new LinkedHashMap<>();
    if (demoUsers) {
      users.put(DEMO_OPERATOR, demo(DEMO_OPERATOR, Role.OPERATOR, null, Set.of()));
      users.put(DEMO_ENGINEER, demo(DEMO_ENGINEER, Role.ENGINEER, null, Set.of()));
      users.put(DEMO_ADMIN, demo(DEMO_ADMIN, Role.ADMIN, null, Set.of()));
      if (site != null) {
        for (Worker w : site.config().workers()) {
          users.put(w.id(), new User(w.id(), Role.WORKER, w.id(), Set.copyOf(w.cells()),
              PasswordHasher.hash(DEMO_WORKER_PASSWORD.toCharArray())));
        }
      }
    }
    if (usersFile != null) {
      UsersFile file = YamlConfigReader.read(usersFile, UsersFile.class);
      for (int i = 0; i < file.users().size(); i++) {
        UsersFile.Entry e = file.users().get(i);
        Role role = Role.fromWireName(e.role());
        Set<String> cells = Set.of();
        if (role == Role.WORKER) {
          Worker w = site == null ? null
              : site.config().workers().stream().filter(x -> x.id().equals(e.worker())).findFirst().orElse(null);
          if (w == null) {
            throw new ConfigException(usersFile, 0, "users[" + i + "].worker",
                "worker '" + e.worker() + "' is not in the site file's workers");
          }
          cells = Set.copyOf(w.cells());
        }
        users.put(e.name(), new User(e.name(), role, role == Role.WORKER ? e.worker() : null, cells, e.passwordHash()));
      }
    }
    return new UserDirectory(users);
  }

  /** A directory of exactly these users (tests). */
  public static UserDirectory of(Collection<User> list) {
    Map<String, User> users = new LinkedHashMap<>();
    list.forEach(u -> users.put(u.name(), u));
    return new UserDirectory(users);
  }

  /** The user, when {@code password} is theirs. */
  public Optional<User> authenticate(String name, char[] password) {
    User user = name == null ? null : users.get(name);
    if (user == null) {
      PasswordHasher.matches(password, DUMMY_HASH);
      return Optional.empty();
    }
    return PasswordHasher.matches(password, user.passwordHash()) ? Optional.of(user) : Optional.empty();
  }

  public int size() {
    return users.size();
  }

  private static User demo(String name, Role role, String worker, Set<String> cells) {
    // Demo passwords equal the login name; documented in README, for the demo only.
    return new User(name, role, worker, cells, PasswordHasher.hash(name.toCharArray()));
  }
}
