package io.deadwood.reproduce.control;

import picocli.CommandLine.Command;

/** {@code deadwood control ...}: optimal-control systems and trajectory optimisation. */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = "Optimal-control systems (Myriad's testbed) and trajectory optimisation.",
        subcommands = {SystemsCommand.class, SolveCommand.class, LearnCommand.class})
public final class ControlCommand implements Runnable {
    @Override
    public void run() {
        throw new io.deadwood.reproduce.cli.UserError("name a control command: systems, solve or learn; see 'deadwood control --help'");
    }
}
