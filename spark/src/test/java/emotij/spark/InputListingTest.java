package emotij.spark;

import emotij.cli.UsageException;
import emotij.batch.FolderBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folders, glob patterns and lists of inputs become the files of the collection, in a fixed order. */
class InputListingTest {

    @TempDir
    Path dir;

    private Path file(String relative) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        return Files.write(f, new byte[] {1});
    }

    private static List<String> names(List<FolderBatch.Item> items) {
        return items.stream().map(i -> i.name).collect(Collectors.toList());
    }

    @Test
    void globsMatchBelowTheirFixedFoldersAndAreNamedFromThere() throws Exception {
        file("data/s2/b.tif");
        file("data/s1/a.tif");
        file("data/s1/notes.txt");
        file("data/top.tif");
        assertEquals(List.of("s1/a.tif", "s2/b.tif"), names(InputListing.items(List.of(dir + "/data/*/*.tif"), false)));
        assertEquals(List.of("s1/a.tif", "s2/b.tif", "top.tif"), names(InputListing.items(List.of(dir + "/data/**.tif"), false)));
        UsageException none = assertThrows(UsageException.class, () -> InputListing.items(List.of(dir + "/data/*.png"), false));
        assertTrue(none.getMessage().contains("no file matches"), none.getMessage());
    }

    @Test
    void aListNamesInputsRelativeToItsFolder() throws Exception {
        file("d/x.png");
        file("d/sub/y.png");
        Path single = file("z.jpg");
        Path list = Files.writeString(dir.resolve("inputs.txt"), "# the session of 29 Nov\nd\n\n" + single + "\n");
        assertEquals(List.of("x.png", "z.jpg"), names(InputListing.items(List.of("@" + list), false)));
        assertEquals(List.of("sub/y.png", "x.png", "z.jpg"), names(InputListing.items(List.of("@" + list), true)));
        Files.writeString(list, "missing.png\n");
        UsageException missing = assertThrows(UsageException.class, () -> InputListing.items(List.of("@" + list), false));
        assertTrue(missing.getMessage().contains("missing.png") && missing.getMessage().contains("inputs.txt"), missing.getMessage());
    }
}
