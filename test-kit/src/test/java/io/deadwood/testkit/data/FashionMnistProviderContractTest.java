package io.deadwood.testkit.data;

import io.deadwood.api.data.DatasetProvider;
import io.deadwood.testkit.DatasetProviderContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistProviderContractTest extends DatasetProviderContract {
    @TempDir
    static Path dir;
    static Path folder;

    @BeforeAll
    static void writeFiles() throws Exception {
        folder = BuiltInData.idxFolder(dir.resolve("fashion"), 10);
    }

    @Override
    protected DatasetProvider provider() {
        return BuiltInData.provider("fashion-mnist");
    }

    @Override
    protected String validArgument() {
        return folder.toString();
    }

    @Override
    protected List<String> badArguments() {
        return List.of(dir.resolve("missing").toString());
    }
}
