package emotij.batch;

import emotij.progress.Failures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder results are written to, made and checked before any work, so that a bad one fails at once. */
public final class OutputFolder {

    private OutputFolder() {
    }

    /**
     * Creates {@code dir} (and its parents) if needed and checks that a file can be written into it.
     *
     * @throws IOException naming the folder, what is wrong and what to do
     */
    public static void prepare(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + ": exists and is not a folder; choose another output folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(dir + ": cannot create this output folder (" + Failures.reason(e) + "); choose a folder you "
                    + "can write to", e);
        }
        // Files.isWritable is not to be trusted (it says yes to root and on some network shares): try it
        try {
            Files.delete(Files.createTempFile(dir, ".emotij-write-test", ".tmp"));
        } catch (IOException e) {
            throw new IOException(dir + ": cannot write into this output folder (" + Failures.reason(e) + "); choose a folder "
                    + "you can write to", e);
        }
    }
}
