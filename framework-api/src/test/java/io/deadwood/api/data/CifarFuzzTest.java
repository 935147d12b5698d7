package io.deadwood.api.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deadwood.api.FuzzContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the CIFAR-10 and CIFAR-100 binary readers: any file either loads or fails with a
 * {@link DataException}. The last bytes of an input pick CIFAR-10 or -100, which file of the set
 * the rest becomes (the others are valid one-record files) and whether it is padded with zeros to
 * whole records, so that the fuzzer reaches the label checks and not only the size check. Run
 * with {@code bin/fuzz cifar SECONDS}.
 */
class CifarFuzzTest {
    private static final List<String> CIFAR10 = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");
    private static final List<String> CIFAR100 = List.of("train.bin", "test.bin");
    private static final int MAX_RECORDS = 3;
    private static Path dir10;
    private static Path dir100;

    @BeforeAll
    static void folders() throws IOException {
        dir10 = Files.createTempDirectory("cifar10-fuzz");
        dir100 = Files.createTempDirectory("cifar100-fuzz");
        for (String f : CIFAR10) restore(dir10, f, 1);
        for (String f : CIFAR100) restore(dir100, f, 2);
    }

    @AfterAll
    static void clean() throws IOException {
        for (Path d : List.of(dir10, dir100)) {
            try (var files = Files.list(d)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(d);
        }
    }

    @FuzzTest
    void cifar(FuzzedDataProvider in) throws IOException {
        boolean hundred = in.consumeBoolean();
        boolean wholeRecords = in.consumeBoolean();
        List<String> names = hundred ? CIFAR100 : CIFAR10;
        String name = names.get(in.consumeInt(0, names.size() - 1));
        int labelBytes = hundred ? 2 : 1;
        byte[] content = in.consumeRemainingAsBytes();
        if (wholeRecords) {
            int record = labelBytes + CifarReader.PIXELS;
            int records = Math.min(MAX_RECORDS, Math.max(1, (content.length + record - 1) / record));
            content = Arrays.copyOf(content, records * record);
        }
        Path dir = hundred ? dir100 : dir10;
        Files.write(dir.resolve(name), content);
        try {
            if (hundred) CifarReader.loadCifar100(dir, "fuzz");
            else CifarReader.loadCifar10(dir, "fuzz");
        } catch (DataException refused) {
            FuzzContract.checkRefusal(refused);
        } finally {
            restore(dir, name, labelBytes);
        }
    }

    /** One record: label(s) 1 (coarse 0 for CIFAR-100), grey pixels. */
    private static void restore(Path dir, String name, int labelBytes) throws IOException {
        byte[] record = new byte[labelBytes + CifarReader.PIXELS];
        Arrays.fill(record, (byte) 100);
        if (labelBytes == 2) record[0] = 0;
        record[labelBytes - 1] = 1;
        Files.write(dir.resolve(name), record);
    }
}
