package emotij.command;

import emotij.testing.TestImages;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * macros/classify_headless.groovy as Fiji runs it headless: its {@code #@} parameters are filled (here by hand,
 * as SciJava's script service would) and the script body runs in Groovy against a SciJava context.
 */
class HeadlessScriptTest {

    @TempDir
    Path tmp;

    @Test
    void theGroovyScriptClassifiesEveryFrameIntoACsv() throws Exception {
        ImagePlus laos = IJ.openImage(TestImages.SAMPLES.resolve("laos_two_people.jpg").toString());
        ImageProcessor ip = laos.getProcessor();
        ImageStack stack = new ImageStack(ip.getWidth(), ip.getHeight());
        for (int f = 0; f < 3; f++) {
            ImageProcessor frame = ip.duplicate();
            frame.translate(f * 10, 0);
            stack.addSlice(frame);
        }
        Path movie = tmp.resolve("movie.tif");
        new FileSaver(new ImagePlus("movie", stack)).saveAsTiffStack(movie.toString());
        Path csv = tmp.resolve("faces.csv");

        String script = Files.readAllLines(Paths.get("macros/classify_headless.groovy")).stream()
                .filter(l -> !l.startsWith("#@")).collect(Collectors.joining("\n"));
        ResultsTable.getResultsTable().reset();
        try (Context context = new Context(CommandService.class)) {
            Binding b = new Binding();
            b.setVariable("input", movie.toFile());
            b.setVariable("output", csv.toFile());
            b.setVariable("process", "all");
            b.setVariable("min_face", 60.0);
            b.setVariable("command", context.service(CommandService.class));
            new GroovyShell(b).evaluate(script);
        }
        List<String> rows = Files.readAllLines(csv);
        assertEquals(7, rows.size(), "header + 2 faces x 3 frames: " + rows);
        assertTrue(rows.get(0).contains("emotion"), rows.get(0));
    }

    @Test
    void everyParameterTheScriptDeclaresIsBound() throws Exception {
        // the test above binds exactly these: a new #@ line must be bound there too
        List<String> declared = Files.readAllLines(Paths.get("macros/classify_headless.groovy")).stream()
                .filter(l -> l.startsWith("#@")).map(l -> l.replaceAll(".*\\s(\\w+)\\s*$", "$1")).collect(Collectors.toList());
        assertEquals(List.of("input", "output", "process", "min_face", "command"), declared);
    }
}
