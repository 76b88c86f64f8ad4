package emotij.cli;

import emotij.testing.TestImages;
import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.AVI_Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/emotij} as a script user runs it (after {@code mvn package}, failsafe): exit codes of macros, where
 * the models come from, the memory a long annotated movie needs.
 */
class LauncherIT {

    @TempDir
    Path tmp;

    /** Exit code and output (stdout and stderr together) of one bin/emotij call. */
    static final class Result {
        private final int code;
        private final String output;

        Result(int code, String output) {
            this.code = code;
            this.output = output;
        }

        int code() {
            return code;
        }

        String output() {
            return output;
        }

        /** The last line of the output. */
        String lastLine() {
            String[] lines = output.strip().split("\\R");
            return lines[lines.length - 1];
        }
    }

    /** Runs bin/emotij with these environment variables (a null value removes the variable); fails on a hang. */
    Result emotij(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "bin/emotij"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/emotij " + String.join(" ", args) + " hung:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    Result macro(String text) throws IOException, InterruptedException {
        Path file = Files.createTempFile(tmp, "macro", ".ijm");
        Files.writeString(file, text);
        return emotij(Map.of(), "macro", file.toString(), TestImages.SAMPLES.resolve("astronaut.png").toAbsolutePath().toString());
    }

    /** Classify Expressions on the astronaut with this min_face, then a line "after: rows=N". */
    Result classifyMacro(String minFace) throws IOException, InterruptedException {
        return macro("open(getArgument());\n"
                + "run(\"Classify Expressions\", \"faces=detect " + minFace + " threshold=0.5 max_faces=10 framing=1 flip align\");\n"
                + "print(\"after: rows=\" + nResults);\n");
    }

    @Test
    void theFirstRunOfABuildLeavesAClassArchiveThatLaterRunsUse() throws Exception {
        Path cds = Path.of("target", "cds");
        if (Files.isDirectory(cds)) {
            try (java.util.stream.Stream<Path> files = Files.list(cds)) {
                for (Path f : files.collect(java.util.stream.Collectors.toList())) Files.delete(f);
            }
        }
        String astronaut = TestImages.SAMPLES.resolve("astronaut.png").toAbsolutePath().toString();
        Result first = emotij(Map.of(), "classify", astronaut, "--no-images", "--out", tmp.resolve("first").toString());
        assertEquals(0, first.code(), first.output());
        // one archive, made from the run's class list after it; neither the list nor a part file is left
        List<String> left;
        try (java.util.stream.Stream<Path> files = Files.list(cds)) {
            left = files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toList());
        }
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).matches("emotij-\\d+-\\d+\\.jsa"), left.toString());
        Result second = emotij(Map.of(), "classify", astronaut, "--no-images", "--out", tmp.resolve("second").toString());
        assertEquals(0, second.code(), second.output());
        assertEquals(Files.readString(tmp.resolve("first/results.csv")), Files.readString(tmp.resolve("second/results.csv")));
    }

    @Test
    void aMacroThatRunsToItsEndOrExitsExitsZero() throws Exception {
        Result r = classifyMacro("min_face=60");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("after: rows=1"), r.output());
        r = macro("print(\"start\");\nexit;\nprint(\"not printed\");\n");
        assertEquals(0, r.code(), "a macro's own exit is no failure: " + r.output());
        assertFalse(r.output().contains("not printed"), r.output());
    }

    @Test
    void aMacroErrorExitsOneWithOneLine() throws Exception {
        Result r = macro("print(\"start\");\nx = undefinedVariable + 1;\nprint(\"not printed\");\n");
        assertEquals(1, r.code(), r.output());
        assertTrue(r.lastLine().startsWith("emotij macro: ") && r.lastLine().endsWith("failed: Undefined variable"), r.output());
        assertFalse(r.output().contains("not printed"), r.output());
    }

    @Test
    void aMissingFileExitsOne() throws Exception {
        Result r = macro("open(\"" + tmp.resolve("no-such-image.png") + "\");\n");
        assertEquals(1, r.code(), r.output());
        assertTrue(r.lastLine().contains("failed: File not found: " + tmp.resolve("no-such-image.png")), r.output());
    }

    @Test
    void theShippedMovieMacroExitsOneOnAMissingInput() throws Exception {
        Path missing = tmp.resolve("no-such-movie.avi");
        Result r = emotij(Map.of(), "macro", "macros/classify_movie.ijm", "input=" + missing + " output=" + tmp.resolve("m.csv"));
        assertEquals(1, r.code(), r.output());
        assertTrue(r.lastLine().endsWith("failed: error: " + missing + ": file not found"), r.output());
    }

    @Test
    void anInvalidEmotiJOptionExitsOneAndStopsTheMacro() throws Exception {
        Result r = classifyMacro("min_face=-5");
        assertEquals(1, r.code(), r.output());
        assertTrue(r.lastLine().contains("failed: EmotiJ option min_face=-5.0 is not valid: use a size in pixels, at least 8"), r.output());
        assertFalse(r.output().contains("after: "), r.output());
    }

    @Test
    void aNonNumericOptionIsOneClearLineNotAStackTrace() throws Exception {
        Result r = classifyMacro("min_face=abc");
        assertEquals(1, r.code(), r.output());
        assertTrue(r.lastLine().endsWith("failed: EmotiJ option min_face=abc is not valid: use a number"), r.output());
        assertFalse(r.output().contains("NumberFormatException") || r.output().contains("\tat "), r.output());
        assertFalse(r.output().contains("after: "), r.output());
    }

    @Test
    void theModelsFolderComesFromJavaOptionsThenTheVariableThenTheCheckout() throws Exception {
        String image = TestImages.SAMPLES.resolve("astronaut.png").toString();
        Path fromVariable = tmp.resolve("models-of-the-variable");
        Path fromOption = tmp.resolve("models-of-the-option");
        // the variable alone: used (an empty folder, so the run says where it looked)
        Result r = emotij(Map.of("EMOTIJ_MODELS_DIR", fromVariable.toString()), "classify", image, "--out", tmp.resolve("o1").toString());
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("not found in " + fromVariable + " (set by EMOTIJ_MODELS_DIR)"), r.output());
        // a -D in EMOTIJ_JAVA_OPTS wins over the variable
        r = emotij(Map.of("EMOTIJ_MODELS_DIR", fromVariable.toString(),
                "EMOTIJ_JAVA_OPTS", "-Xmx3g -Demotij.models.dir=" + fromOption), "classify", image, "--out", tmp.resolve("o2").toString());
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("not found in " + fromOption + " (set by -Demotij.models.dir)"), r.output());
        // the variable pointing at real models (a link to the checkout's): the run works
        Files.createSymbolicLink(fromVariable, Path.of("models").toAbsolutePath());
        r = emotij(Map.of("EMOTIJ_MODELS_DIR", fromVariable.toString()), "classify", image, "--out", tmp.resolve("o3").toString(), "--no-images");
        assertEquals(0, r.code(), r.output());
        assertEquals(2, Files.readAllLines(tmp.resolve("o3/results.csv")).size());
    }

    @Test
    void aLongMovieIsAnnotatedInASmallHeap() throws Exception {
        // 300 frames of 640x480: the annotated RGB movie is 369 MB, more than the 256 MB heap, so the run only
        // succeeds if annotated frames are written one at a time (the AVI is read one frame at a time too)
        int frames = 300;
        Path avi = tmp.resolve("long.avi");
        new AVI_Writer().writeImage(new ImagePlus("long", TestImages.laosMovie(frames)), avi.toString(),
                AVI_Writer.JPEG_COMPRESSION, 85);
        Path out = tmp.resolve("long-out");
        Result r = emotij(Map.of("EMOTIJ_JAVA_OPTS", "-Xmx256m"), "classify", avi.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.output());
        int rows = Files.readAllLines(out.resolve("results.csv")).size() - 1;
        assertTrue(rows >= 2 * frames * 95 / 100, "two faces in (nearly) every frame: " + rows);
        ImagePlus annotated = IJ.openVirtual(out.resolve("long_annotated.tif").toString());
        assertEquals(frames, annotated.getStackSize());
        assertEquals(24, annotated.getBitDepth());
    }
}
