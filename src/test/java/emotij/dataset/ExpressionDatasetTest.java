package emotij.dataset;

import emotij.classify.Emotion;
import emotij.testing.SfewLayout;
import emotij.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionDatasetTest {

    @TempDir
    Path tmp;

    private static ExpressionDataset read(Path root, List<String> log) throws IOException {
        return ExpressionDataset.read(root, 0.2, ExpressionDataset::readWithImageIO, null, 42, log::add, () -> false);
    }

    @Test
    void readsTheSfewLayoutWithCountsPerClass() throws IOException {
        Path root = SfewLayout.build(TestImages.FER_SAMPLE, tmp.resolve("sfew"), 4, 2);
        List<String> log = new ArrayList<>();
        ExpressionDataset d = read(root, log);
        assertEquals(28, d.train().size());
        assertEquals(14, d.val().size());
        assertFalse(d.heldOutValidation());
        assertTrue(log.stream().anyMatch(l -> l.contains("angry 4") && l.contains("(28 faces)")), log.toString());
        assertEquals(4, ExpressionDataset.counts(d.train()).get(Emotion.SURPRISE));
    }

    @Test
    void aPlainFolderOfClassFoldersHoldsOutValidationByClass() throws IOException {
        ExpressionDataset d = read(TestImages.FER_SAMPLE, new ArrayList<>());
        assertTrue(d.heldOutValidation());
        int all = d.train().size() + d.val().size();
        assertEquals(all, d.crossValidationFaces().size());
        assertTrue(d.val().size() >= all / 7 && d.val().size() <= all / 3, d.val().size() + " of " + all);
        for (Emotion e : Emotion.values()) assertTrue(ExpressionDataset.counts(d.val()).getOrDefault(e, 0) > 0, e + " in val");
        Set<String> trainNames = new HashSet<>();
        d.train().forEach(s -> trainNames.add(s.name));
        d.val().forEach(s -> assertFalse(trainNames.contains(s.name), s.name + " in both"));
    }

    @Test
    void aCorruptImageIsListedAndSkipped() throws IOException {
        Path root = SfewLayout.build(TestImages.FER_SAMPLE, tmp.resolve("sfew"), 3, 1);
        Files.writeString(root.resolve("Train/Happy/broken.png"), "not a png");
        List<String> log = new ArrayList<>();
        ExpressionDataset d = read(root, log);
        assertEquals(21, d.train().size());
        assertEquals(1, d.skipped().size());
        assertTrue(d.skipped().get(0).contains("broken.png"), d.skipped().toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("skipped") && l.contains("broken.png")), log.toString());
    }

    @Test
    void badLayoutsNameTheProblem() throws IOException {
        Path root = SfewLayout.build(TestImages.FER_SAMPLE, tmp.resolve("sfew"), 2, 1);
        // Train without Val
        Path noVal = tmp.resolve("noval");
        Files.createDirectories(noVal);
        Files.move(root.resolve("Train"), noVal.resolve("Train"));
        IOException e = assertThrows(IOException.class, () -> read(noVal, new ArrayList<>()));
        assertTrue(e.getMessage().contains("no Val folder"), e.getMessage());
        // Val without Train
        e = assertThrows(IOException.class, () -> read(root, new ArrayList<>()));
        assertTrue(e.getMessage().contains("no Train folder"), e.getMessage());
        // an empty class folder
        Files.createDirectories(noVal.resolve("Val/Happy"));
        e = assertThrows(IOException.class, () -> read(noVal, new ArrayList<>()));
        assertTrue(e.getMessage().contains("'Happy' is empty"), e.getMessage());
        // a class that is not an emotion
        Files.delete(noVal.resolve("Val/Happy"));
        Files.createDirectories(noVal.resolve("Val/Contempt"));
        Files.writeString(noVal.resolve("Val/Contempt/x.png"), "x");
        e = assertThrows(IOException.class, () -> read(noVal, new ArrayList<>()));
        assertTrue(e.getMessage().contains("'Contempt' is not an emotion"), e.getMessage());
        // missing folder
        e = assertThrows(IOException.class, () -> read(tmp.resolve("nowhere"), new ArrayList<>()));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void foldsAreDisjointKeepClipsWholeAndSpreadClasses() {
        List<FaceSample> samples = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            for (int clip = 0; clip < 6; clip++) {
                for (int frame = 0; frame < 3; frame++) {
                    String name = "Movie" + e.ordinal() + "_" + clip + "_0000" + frame + ".png";
                    samples.add(new FaceSample(null, e, e + "/" + FaceSample.groupOf(name), name));
                }
            }
        }
        assertEquals("Movie1_2", FaceSample.groupOf("Movie1_2_00003.png"));
        assertEquals("PublicTest_123", FaceSample.groupOf("PublicTest_123.png"));
        List<List<FaceSample>> folds = Splits.folds(samples, 3, 7);
        Set<String> seen = new HashSet<>();
        for (List<FaceSample> fold : folds) {
            assertEquals(samples.size() / 3, fold.size());
            Set<String> groups = new HashSet<>();
            for (FaceSample s : fold) {
                assertTrue(seen.add(s.name), s.name + " in two folds");
                groups.add(s.group);
            }
            for (List<FaceSample> other : folds) {
                if (other != fold) other.forEach(s -> assertFalse(groups.contains(s.group), "clip " + s.group + " split"));
            }
            for (Emotion e : Emotion.values()) assertEquals(6, fold.stream().filter(s -> s.label == e).count());
        }
        assertEquals(samples.size(), seen.size());
    }
}
