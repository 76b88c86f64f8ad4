package emotij.spark;

import emotij.batch.FolderBatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the batch reported for one file, kept beside its part so that the merge can read it back. */
final class FileOutcome implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String FILE_NAME = "outcome.ser";

    final int images;
    final int planes;
    final int faces;
    final List<String> noFace;
    final List<String> skippedPlanes;
    final List<String> failed;
    final List<String> warnings;

    FileOutcome(FolderBatch.Report r) {
        images = r.images;
        planes = r.planes;
        faces = r.faces;
        noFace = new ArrayList<>(r.noFace);
        skippedPlanes = new ArrayList<>(r.skippedPlanes);
        failed = new ArrayList<>(r.failed);
        warnings = new ArrayList<>(r.warnings);
    }

    /** The file's report again, for {@link FolderBatch.Report#add} (files are added in input order). */
    FolderBatch.Report toReport() {
        FolderBatch.Report r = new FolderBatch.Report();
        r.images = images;
        r.planes = planes;
        r.faces = faces;
        r.noFace.addAll(noFace);
        r.skippedPlanes.addAll(skippedPlanes);
        r.failed.addAll(failed);
        r.warnings.addAll(warnings);
        return r;
    }

    /** One line for the driver's progress: the faces found, or why the file failed. */
    String line() {
        if (!failed.isEmpty()) return "FAILED: " + String.join("; ", failed);
        return faces + (faces == 1 ? " face" : " faces");
    }

    void write(Path folder) throws IOException {
        try (OutputStream out = Files.newOutputStream(folder.resolve(FILE_NAME));
             ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(this);
        }
    }

    static FileOutcome read(Path folder) throws IOException {
        try (InputStream in = Files.newInputStream(folder.resolve(FILE_NAME));
             ObjectInputStream o = new ObjectInputStream(in)) {
            return (FileOutcome) o.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException(folder + ": not an outcome of this EmotiJ version (" + e + ")", e);
        }
    }
}
