package emotij.spark;

import java.io.Serializable;
import java.util.Locale;

/** One file of the collection: its place in the input order, its absolute path and its name in the results. */
final class FileToClassify implements Serializable {
    private static final long serialVersionUID = 1L;

    final int index;
    final String path;
    final String name;

    FileToClassify(int index, String path, String name) {
        this.index = index;
        this.path = path;
        this.name = name;
    }

    /** The folder of this file's results under {@code parts/}: its index, so that every attempt writes the same one. */
    String partName() {
        return String.format(Locale.ROOT, "%08d", index);
    }
}
