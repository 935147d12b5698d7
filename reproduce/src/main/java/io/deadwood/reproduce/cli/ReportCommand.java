package io.deadwood.reproduce.cli;

import io.deadwood.api.report.SuiteTables;
import io.deadwood.reproduce.report.ReportWriter;
import io.deadwood.reproduce.report.TrainPage;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Re-render a suite folder's tables, plots and index.html from its cell results,",
                "or a 'train --out' folder's index.html from its result.json."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "A folder written by 'deadwood reproduce' or 'deadwood train --out'.")
    Path dir;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = Plugins.OPTION_HELP)
    Path plugins;

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    private final ReportWriter reports;

    @Inject
    public ReportCommand(ReportWriter reports) {
        this.reports = reports;
    }

    @Override
    public Integer call() {
        if (io.deadwood.reproduce.report.FolderPage.isFolderPage(dir)) {
            System.out.println("wrote " + io.deadwood.reproduce.report.FolderPage.rerender(dir));
            return 0;
        }
        if (TrainPage.isTrainFolder(dir)) {
            System.out.println("wrote " + TrainPage.write(dir));
            return 0;
        }
        ReportWriter.Written w = reports.write(dir, SuiteTables.discover(Plugins.loader(plugins)));
        System.out.print(w.table().markdown());
        System.out.println("\nwrote " + String.join(", ", w.files()) + " in " + dir);
        return 0;
    }
}
