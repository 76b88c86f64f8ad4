package emotij.command;

import emotij.testing.TestImages;
import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SciJava commands in a SciJava Context, as a headless script uses them. */
class CommandsTest {

    private static Context context;

    @BeforeAll
    static void start() {
        context = new Context(CommandService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    @Test
    void theCommandsAreDiscoveredWithTheMacroKeysAsParameterNames() {
        CommandService commands = context.service(CommandService.class);
        CommandInfo info = commands.getCommand(ClassifyExpressionsCommand.class);
        assertNotNull(info, "ClassifyExpressionsCommand is indexed");
        for (String key : new String[] {"min_face", "threshold", "max_faces", "process", "faces", "framing", "flip",
                "align", "landmarks", "roi_manager", "plot"}) {
            assertNotNull(info.getInput(key), "parameter " + key);
        }
        assertTrue(info.getMenuPath() == null || info.getMenuPath().isEmpty(), "no duplicate menu entry");
        assertNotNull(commands.getCommand(DetectFacesCommand.class));
    }

    @Test
    void classifyExpressionsRunsHeadless() throws Exception {
        ResultsTable.getResultsTable().reset();
        ImagePlus imp = IJ.openImage(TestImages.SAMPLES.resolve("laos_two_people.jpg").toString());
        CommandModule m = context.service(CommandService.class)
                .run(ClassifyExpressionsCommand.class, false, "imp", imp, "min_face", 60.0, "process", "current").get();
        assertEquals(2, (int) (Integer) m.getOutput("face_count"));
        ResultsTable t = (ResultsTable) m.getOutput("results");
        assertEquals(2, t.size());
        assertNotNull(t.getStringValue("emotion", 0));
        assertNotNull(imp.getOverlay());
    }

    @Test
    void detectFacesWithMaxFacesOne() throws Exception {
        ImagePlus imp = IJ.openImage(TestImages.SAMPLES.resolve("laos_two_people.jpg").toString());
        CommandModule m = context.service(CommandService.class)
                .run(DetectFacesCommand.class, false, "imp", imp, "max_faces", 1).get();
        assertEquals(1, (int) (Integer) m.getOutput("face_count"));
    }

    @Test
    void aMissingImageIsAnErrorWithItsCause() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> context.service(CommandService.class)
                .run(ClassifyExpressionsCommand.class, false, "imp", new ImagePlus()).get());
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) cause = cause.getCause();
        assertTrue(cause.getMessage().contains("needs an image"), cause.toString());
    }

    @Test
    void trainExpressionClassifierRunsHeadlessWithTheTrainingOptionsAsParameters(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        CommandInfo info = context.service(CommandService.class).getCommand(TrainExpressionClassifierCommand.class);
        for (String key : emotij.train.TrainingOptions.KEYS) assertNotNull(info.getInput(key), "parameter " + key);
        java.nio.file.Path data = emotij.testing.SfewLayout.build(TestImages.FER_SAMPLE, tmp.resolve("sfew"), 4, 2);
        CommandModule m = context.service(CommandService.class).run(TrainExpressionClassifierCommand.class, false,
                "dataset", data.toFile(), "model", tmp.resolve("model").toFile(), "mode", "frozen", "epochs", 3).get();
        double acc = (Double) m.getOutput("val_accuracy");
        assertTrue(acc >= 0 && acc <= 1, "val accuracy " + acc);
        assertEquals(8, ((ResultsTable) m.getOutput("per_class")).size(), "7 classes and 'all'");
        assertTrue(java.nio.file.Files.exists(tmp.resolve("model/emotij-model.json")));
    }

    @Test
    void theTrainingParametersAreTheDeclaredOptionsBoundByName() throws Exception {
        CommandInfo info = context.service(CommandService.class).getCommand(TrainExpressionClassifierCommand.class);
        TrainExpressionClassifierCommand fresh = new TrainExpressionClassifierCommand();
        for (emotij.train.TrainingOption o : emotij.train.TrainingOption.values()) {
            org.scijava.module.ModuleItem<?> item = info.getInput(o.key());
            assertNotNull(item, "parameter " + o.key());
            Object def = TrainExpressionClassifierCommand.class.getDeclaredField(o.key()).get(fresh);
            assertEquals(o.spec().parse(o.spec().defaultValue()), o.spec().parse(String.valueOf(def)), "default of " + o.key());
            if (o.spec().type() == emotij.options.OptionSpec.Type.CHOICE) {
                assertEquals(new java.util.HashSet<>(o.spec().choices()), new java.util.HashSet<>(item.getChoices()), "choices of " + o.key());
            }
        }
        // bound by name: each field feeds the option of its own name
        fresh.epochs = 3;
        fresh.hidden = 64;
        fresh.tap = "l2";
        emotij.train.TrainingOptions bound = fresh.options();
        assertEquals(3, bound.epochs());
        assertEquals(64, bound.hidden());
        assertEquals(emotij.featurehead.FrozenBackbones.Tap.L2, bound.tap());
        assertEquals(emotij.train.TrainingOptions.defaults().patience(), bound.patience());
    }

    @Test
    void theAnalysisParametersHaveTheDeclaredDefaultsAndRanges() throws Exception {
        CommandService commands = context.service(CommandService.class);
        for (Class<? extends org.scijava.command.Command> type : java.util.List.of(DetectFacesCommand.class,
                ClassifyExpressionsCommand.class, ClassifyFolderCommand.class)) {
            CommandInfo info = commands.getCommand(type);
            assertNotNull(info, type + " is indexed");
            Object fresh = type.getDeclaredConstructor().newInstance();
            int checked = 0;
            for (emotij.options.AnalysisOption o : emotij.options.AnalysisOption.values()) {
                org.scijava.module.ModuleItem<?> item = info.getInput(o.key());
                if (item == null) continue;
                checked++;
                emotij.options.OptionSpec spec = o.spec();
                java.lang.reflect.Field f = null;
                for (Class<?> c = type; f == null && c != null; c = c.getSuperclass()) {
                    try {
                        f = c.getDeclaredField(o.key());
                    } catch (NoSuchFieldException e) {
                        // declared higher up
                    }
                }
                assertNotNull(f, o.key());
                f.setAccessible(true);
                assertEquals(spec.parse(spec.defaultValue()), spec.parse(String.valueOf(f.get(fresh))), type.getSimpleName() + " " + o.key());
                if (spec.type() == emotij.options.OptionSpec.Type.NUMBER || spec.type() == emotij.options.OptionSpec.Type.INTEGER) {
                    assertNotNull(item.getMinimumValue(), o.key() + " has a minimum");
                    assertEquals(spec.min(), ((Number) item.getMinimumValue()).doubleValue(), 0.0, "min of " + o.key());
                    assertEquals(spec.max(), ((Number) item.getMaximumValue()).doubleValue(), 0.0, "max of " + o.key());
                }
            }
            assertTrue(checked >= 4, type + " has the analysis options");
        }
        CommandInfo folder = commands.getCommand(ClassifyFolderCommand.class);
        for (emotij.options.AnalysisOption o : emotij.options.AnalysisOption.values()) {
            assertNotNull(folder.getInput(o.key()), "Classify Folder takes " + o.key());
        }
    }

    @Test
    void classifyFolderRunsHeadlessWithTracking(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path in = java.nio.file.Files.createDirectories(tmp.resolve("in"));
        new ij.io.FileSaver(new ImagePlus("movie", TestImages.laosMovie(4))).saveAsTiffStack(in.resolve("movie.tif").toString());
        java.nio.file.Path out = tmp.resolve("out");
        CommandModule m = context.service(CommandService.class).run(ClassifyFolderCommand.class, false,
                "input", in.toFile(), "output", out.toFile(), "annotated", false, "track", true, "appearance", false).get();
        assertEquals(8, (int) (Integer) m.getOutput("face_count"), "2 faces in each of 4 frames");
        java.util.List<String> tracks = java.nio.file.Files.readAllLines(out.resolve("tracks.csv"));
        assertEquals(3, tracks.size(), "header and the 2 tracks: " + tracks);
        assertTrue(java.nio.file.Files.readAllLines(out.resolve("results.csv")).get(0).contains("track"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> context.service(CommandService.class)
                .run(ClassifyFolderCommand.class, false, "input", tmp.resolve("nowhere").toFile(), "output", out.toFile()).get());
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) cause = cause.getCause();
        assertTrue(cause.getMessage().contains("input folder not found"), cause.toString());
    }
}
