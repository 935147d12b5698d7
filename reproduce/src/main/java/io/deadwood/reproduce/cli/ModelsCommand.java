package io.deadwood.reproduce.cli;

import io.deadwood.api.model.ModelZoo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List the models that --model accepts.")
public final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        ModelZoo.names().forEach(System.out::println);
        return 0;
    }
}
