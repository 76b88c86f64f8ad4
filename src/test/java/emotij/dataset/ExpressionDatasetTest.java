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
        return ExpressionDataset.read(root, 0.2, ExpressionDataset::readWithImageIO, null, Grouping.byMovie(), 42, log::add,
                () -> false);
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
    void theHeldOutValidationPartKeepsEachMovieWholeAcrossClasses() throws IOException {
        // FER-2013 faces renamed as frames of 6 movies, each movie with faces of every class
        Path root = tmp.resolve("movies");
        List<String> movies = List.of("Airheads", "50_50", "HarryPotter_Deathly_Hallows_1", "Juno", "Town", "v");
        for (Emotion e : Emotion.values()) {
            Path source = TestImages.FER_SAMPLE.resolve(e.label().toLowerCase(java.util.Locale.ROOT));
            List<Path> files;
            try (java.util.stream.Stream<Path> f = Files.list(source)) {
                files = f.sorted().collect(java.util.stream.Collectors.toList());
            }
            Path dir = Files.createDirectories(root.resolve(e.label()));
            for (int i = 0; i < 12; i++) {
                Files.copy(files.get(i), dir.resolve(String.format("%s_%09d_%08d.png", movies.get(i % movies.size()), 1000 * i, i)));
            }
        }
        List<String> log = new ArrayList<>();
        ExpressionDataset d = read(root, log);
        assertEquals(84, d.crossValidationFaces().size());
        Set<String> trainMovies = new HashSet<>();
        d.train().forEach(s -> trainMovies.add(s.group));
        Set<String> valMovies = new HashSet<>();
        d.val().forEach(s -> valMovies.add(s.group));
        assertEquals(6, trainMovies.size() + valMovies.size(), trainMovies + " / " + valMovies);
        valMovies.forEach(m -> assertFalse(trainMovies.contains(m), m + " in both"));
        assertTrue(valMovies.contains("50_50") || trainMovies.contains("50_50"), "titles with digits: " + trainMovies);
        // one movie of six: 14 faces, every class
        assertEquals(14, d.val().size());
        assertEquals(7, ExpressionDataset.counts(d.val()).size());
        assertTrue(log.stream().anyMatch(l -> l.contains("by movie title") && l.contains("6 groups of 14 to 14 faces")), log.toString());
    }

    @Test
    void namesWithoutMoviesAreNotGroupedAndTheLogSaysSo() throws IOException {
        List<String> log = new ArrayList<>();
        ExpressionDataset d = read(TestImages.FER_SAMPLE, log);
        assertEquals(d.crossValidationFaces().size(), Splits.groupCount(d.crossValidationFaces()));
        assertTrue(log.stream().anyMatch(l -> l.contains("nothing grouped")), log.toString());
    }
}
