package io.gridwatch.cli;

import io.gridwatch.contracts.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gridwatch} command. */
@Command(
    name = "gridwatch",
    mixinStandardHelpOptions = true,
    versionProvider = GridWatchCli.Version.class,
    description = "Video analytics for grid management: cameras in, grid incidents out.",
    subcommands = {DemoCommand.class, DetectCommand.class, CamerasCommand.class, SimCommand.class, EvalCommand.class, CalibrateCommand.class, BenchCommand.class,
        UsersCommand.class,
        CommandLine.HelpCommand.class})
public final class GridWatchCli implements Runnable {

  /** Exit code for bad input: a missing or invalid file, an unreadable video. */
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with GridWatch's error handling: one clear line, exit 2 for bad input. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new GridWatchCli());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof BadInputException || e instanceof ConfigException
          || e instanceof io.gridwatch.cli.embedded.EmbeddedRuntime.DataDirInUseException) {
        commandLine.getErr().println("gridwatch: " + e.getMessage());
        return EXIT_BAD_INPUT;
      }
      throw e;
    });
    cl.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("gridwatch: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return EXIT_BAD_INPUT;
    });
    return cl;
  }

  /** Input the user must fix; the message names it. */
  public static final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
      super(message);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GridWatchCli.class.getPackage().getImplementationVersion();
      return new String[] {"gridwatch " + (v == null ? "development build" : v)};
    }
  }
}
