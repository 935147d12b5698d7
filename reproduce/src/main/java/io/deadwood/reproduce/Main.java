package io.deadwood.reproduce;

import io.deadwood.reproduce.cli.BackendsCommand;
import io.deadwood.reproduce.cli.BenchCommand;
import io.deadwood.reproduce.cli.ErrorReporter;
import io.deadwood.reproduce.cli.DatasetsCommand;
import io.deadwood.reproduce.cli.EvalCommand;
import io.deadwood.reproduce.cli.ExportCommand;
import io.deadwood.reproduce.cli.MethodsCommand;
import io.deadwood.reproduce.cli.ModelsCommand;
import io.deadwood.reproduce.cli.TrainCommand;
import io.deadwood.reproduce.cli.ReproduceCommand;
import io.deadwood.reproduce.cli.ReportCommand;
import com.google.inject.Guice;
import com.google.inject.Injector;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code deadwood} command line. */
@Command(name = "deadwood", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train ReLU networks and prune them while they train.",
        subcommands = {TrainCommand.class, ReproduceCommand.class, ReportCommand.class, EvalCommand.class, ExportCommand.class,
                MethodsCommand.class, DatasetsCommand.class, BackendsCommand.class, ModelsCommand.class, BenchCommand.class,
                io.deadwood.reproduce.control.ControlCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 2 bad input, 1 internal failure). */
    public static int run(String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        System.setProperty("java.awt.headless", "true");
        // Guice's generated classes (method interception, which Deadwood does not use) are defined
        // through sun.misc.Unsafe, and JDK 25 warns about that on standard error at every start.
        // Read when Guice is first loaded, so set before the injector exists.
        System.setProperty("guice_bytecode_gen_option", "DISABLED");
        Injector injector = Guice.createInjector(new ReproduceModule());
        CommandLine cli = new CommandLine(new Main(), new GuiceFactory(injector));
        ErrorReporter errors = new ErrorReporter(debug);
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Commands come from Guice, so their collaborators are injected; picocli's own classes from picocli. */
    record GuiceFactory(Injector injector) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type.getName().startsWith("io.deadwood.")) return injector.getInstance(type);
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"deadwood " + (v != null ? v : "development")
                    + " (commit " + System.getProperty("deadwood.git.commit", "unknown") + ")"};
        }
    }
}
