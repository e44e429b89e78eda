package io.gridwatch.alerts.auth;

import static io.gridwatch.alerts.TestData.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirectoryTest {

  @TempDir
  Path dir;

  private static final String HASH = PasswordHasher.hash("s3cret pass".toCharArray());

  private Path users(String yaml) throws Exception {
    return Files.writeString(dir.resolve("users.yaml"), yaml);
  }

  @Test
  void hashesVerifyOnlyTheirPasswordAndDifferBySalt() {
    assertThat(PasswordHasher.matches("s3cret pass".toCharArray(), HASH)).isTrue();
    assertThat(PasswordHasher.matches("s3cret pasS".toCharArray(), HASH)).isFalse();
    assertThat(PasswordHasher.hash("s3cret pass".toCharArray())).isNotEqualTo(HASH);
    assertThat(PasswordHasher.matches("x".toCharArray(), "plain")).isFalse();
  }

  @Test
  void usersFileGivesRolesAndWorkersTheirCellsFromTheSite() throws Exception {
    UserDirectory directory = UserDirectory.load(users("""
        users:
          - {name: chen, role: operator, passwordHash: "%s"}
          - {name: wang, role: worker, worker: w-1, passwordHash: "%s"}
        """.formatted(HASH, HASH)), site(), false);

    User wang = directory.authenticate("wang", "s3cret pass".toCharArray()).orElseThrow();
    assertThat(wang.role()).isEqualTo(Role.WORKER);
    assertThat(wang.visibleCells()).containsExactly("g-01");
    assertThat(wang.actor()).isEqualTo("w-1");
    assertThat(directory.authenticate("chen", "s3cret pass".toCharArray()).orElseThrow().visibleCells()).isNull();
    assertThat(directory.authenticate("chen", "wrong".toCharArray())).isEmpty();
    assertThat(directory.authenticate("operator", "operator".toCharArray())).as("no demo users").isEmpty();
    assertThat(wang.toString()).doesNotContain("pbkdf2");
  }

  @Test
  void plainPasswordUnknownRoleAndUnknownWorkerAreRefusedByKey() throws Exception {
    assertThatThrownBy(() -> UserDirectory.load(users("""
        users:
          - {name: chen, role: operator, passwordHash: hunter2}
        """), site(), false)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("users[0].passwordHash").hasMessageContaining("never a plain password");
    assertThatThrownBy(() -> UserDirectory.load(users("""
        users:
          - {name: chen, role: boss, passwordHash: "%s"}
        """.formatted(HASH)), site(), false)).hasMessageContaining("'boss' is not a role");
    assertThatThrownBy(() -> UserDirectory.load(users("""
        users:
          - {name: li, role: worker, worker: w-9, passwordHash: "%s"}
        """.formatted(HASH)), site(), false)).hasMessageContaining("worker 'w-9' is not in the site file");
    assertThatThrownBy(() -> UserDirectory.load(users("""
        users:
          - {name: li, role: worker, passwordHash: "%s", password: x}
        """.formatted(HASH)), site(), false)).hasMessageContaining("password");
  }

  @Test
  void demoUsersAreOnePerRoleAndEverySiteWorker() {
    UserDirectory demo = UserDirectory.load(null, site(), true);
    assertThat(demo.authenticate("operator", "operator".toCharArray()).orElseThrow().role()).isEqualTo(Role.OPERATOR);
    assertThat(demo.authenticate("engineer", "engineer".toCharArray()).orElseThrow().role()).isEqualTo(Role.ENGINEER);
    assertThat(demo.authenticate("admin", "admin".toCharArray()).orElseThrow().role()).isEqualTo(Role.ADMIN);
    assertThat(demo.authenticate("w-2", "worker".toCharArray()).orElseThrow().visibleCells()).containsExactly("g-01");
    assertThat(UserDirectory.load(null, site(), false).size()).isZero();
  }
}
