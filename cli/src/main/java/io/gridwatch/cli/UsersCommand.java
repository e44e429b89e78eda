package io.gridwatch.cli;

import io.gridwatch.alerts.auth.PasswordHasher;
import io.gridwatch.cli.GridWatchCli.BadInputException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gridwatch users}: helpers for the users file of the incident API. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Helpers for the incident API's users file (docs/configuration.md).",
    subcommands = {UsersCommand.HashPassword.class, CommandLine.HelpCommand.class})
final class UsersCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Reads a password (never from the command line, where it would land in the shell history). */
  @Command(
      name = "hash-password",
      mixinStandardHelpOptions = true,
      description = {
          "Reads a password from the terminal (without echo) or from the first line of stdin and prints "
              + "its PBKDF2 hash for the users file's passwordHash.",
          "Exit codes: 0 done, 2 empty password."})
  static final class HashPassword implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
      char[] password;
      Console console = System.console();
      if (console != null) {
        password = console.readPassword("password: ");
      } else {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        password = line == null ? new char[0] : line.toCharArray();
      }
      if (password == null || password.length == 0) {
        throw new BadInputException("no password given");
      }
      System.out.println(PasswordHasher.hash(password));
      Arrays.fill(password, '\0');
      return 0;
    }
  }
}
