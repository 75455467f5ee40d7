package io.relayscope.cli;

import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.Version;
import io.relayscope.trace.SaveTargetException;
import io.relayscope.trace.TraceFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** The jar's entry point: with no arguments it starts the desktop app, else runs a command (run, inspect, eval, paper-table, bench). */
@Command(name = "relayscope", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Token-level collaborative decoding (RelayLLM) between a small and a large model. "
                + "Without arguments the desktop app starts.",
        subcommands = {RunCommand.class, BranchCommand.class, InspectCommand.class, CompareCommand.class, EvalCommand.class, PaperTableCommand.class,
                BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status of a user error (bad file, bad model folder, failed run). */
    public static final int USER_ERROR = 1;
    /** Exit status of a usage error (unknown option, bad value). */
    public static final int USAGE = 2;
    static final String APP_LAUNCHER = "io.relayscope.app.Launcher";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        setProcessDefaults();
        if (args.length == 0 || opensInDesktop(args)) {
            int status = launchDesktop(args, System.err);
            if (status != 0) {
                System.exit(status);
            }
            return;
        }
        System.exit(execute(args, System.in, System.out, System.err));
    }

    /** Runs a command line with the given streams and returns the exit status (0 ok, 1 user error, 2 usage). */
    public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
        setProcessDefaults();
        Main main = new Main(in, out, err);
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("relayscope: " + describe(e));
            if (Boolean.getBoolean("relayscope.debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            return USER_ERROR;
        });
        cl.setParameterExceptionHandler((e, badArgs) -> {
            err.println(usageLine(e));
            err.flush();
            return USAGE;
        });
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : USER_ERROR);
        int status;
        try {
            status = cl.execute(args);
        } catch (Error e) { // OutOfMemoryError, StackOverflowError: picocli only handles Exceptions
            err.println("relayscope: " + describe(e));
            status = USER_ERROR;
        }
        out.flush();
        err.flush();
        return status;
    }

    /** A usage error as one line: the problem and where the help is, never the usage dump. */
    static String usageLine(CommandLine.ParameterException e) {
        String command = e.getCommandLine() == null ? "relayscope" : e.getCommandLine().getCommandSpec().qualifiedName();
        String message = firstLine(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?)";
        }
        return "relayscope: " + message + "; see '" + command + " --help'";
    }

    /** The offline flags (before any DJL class loads) and quiet library logging, unless already set. */
    static void setProcessDefaults() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", System.getProperty("org.slf4j.simpleLogger.log.ai.djl", "error"));
    }

    /**
     * True for {@code relayscope FILE.json}: a desktop entry or file manager opening a trace file, which the app shows
     * (a command name or an option is never taken for a file).
     */
    static boolean opensInDesktop(String[] args) {
        return args.length == 1 && !args[0].startsWith("-") && args[0].toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(args[0]));
    }

    /** Starts the JavaFX app through reflection, so that this package needs no JavaFX class to compile. */
    static int launchDesktop(String[] args, PrintStream err) {
        try {
            Class.forName(APP_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
            return 0;
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            err.println("relayscope: the desktop app is not part of this build; run 'relayscope --help' for the commands");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (String.valueOf(cause.getMessage()).contains("DISPLAY")) {
                err.println("relayscope: the desktop app needs a display (set DISPLAY, or start it with xvfb-run -a); "
                        + "the commands work without one: relayscope --help");
            } else {
                err.println("relayscope: the desktop app failed to start: " + describe(cause));
            }
        } catch (LinkageError e) {
            err.println("relayscope: the desktop app cannot start (" + firstLine(e.getMessage())
                    + "); JavaFX must be on the class path");
        }
        return USER_ERROR;
    }

    /** One line for a failure: the message of user-facing errors, else the kind of error and its message. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        if (e instanceof UserFacingException || e instanceof TraceFormatException || e instanceof SaveTargetException) {
            return firstLine(e.getMessage());
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + firstLine(f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        if (e instanceof IOException) {
            return "input/output error: " + firstLine(e.getMessage());
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null) {
            return firstLine(e.getMessage());
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB heap); give Java more with -Xmx, e.g. java -Xmx4g -jar relayscope.jar ...";
        }
        if (e instanceof StackOverflowError) {
            return "stack overflow (the input is nested too deeply, or a bug); run with -Drelayscope.debug=true for details";
        }
        String kind = e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
        return "internal error (" + kind + "): " + firstLine(e.getMessage()) + "; run with -Drelayscope.debug=true for details";
    }

    static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "no details";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).strip();
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out, CommandLine.Help.Ansi.OFF);
    }

    /** The version line of {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"RelayScope " + Version.APP};
        }
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
