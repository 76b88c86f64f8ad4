package emotij.cli;

import emotij.dataset.ExpressionDataset;
import emotij.batch.OutputFolder;
import emotij.batch.ImageJReader;
import emotij.batch.TrainingImages;
import emotij.train.FeatureCache;
import emotij.train.TrainingListener;
import emotij.options.OptionSpec;
import emotij.train.TrainingOption;
import emotij.train.TrainingOptions;
import emotij.train.TrainingRun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code emotij train DATASET --out MODEL [options]}: trains an expression classifier (see {@link TrainingOptions})
 * and prints one line per epoch and a progress line every few seconds, then, last, {@code val_accuracy: 0.xxxx}.
 * Ctrl-C stops it, keeping the best epoch so far.
 */
final class TrainCommand {

    static final String USAGE = "usage: emotij train DATASET --out MODEL [options]\n"
            + "  DATASET   SFEW layout (Train/ and Val/, one folder per emotion) or one folder of class folders\n"
            + "  --out DIR the model folder to write (use it with classify/evaluate --model DIR)\n"
            + "  --detect none|auto  none: images are face crops (default); auto: take the largest face found\n"
            + OptionHelp.lines(trainingOptions())
            + "  --no-feature-cache            neither read nor keep backbone features in the feature cache\n"
            + "  --clear-feature-cache         empty the feature cache (" + FeatureCache.standardDir() + "); alone or before a run\n"
            + "Ctrl-C stops training; the best epoch so far is saved to --out.\n";

    /** The declared training options, in their order. */
    private static List<OptionSpec> trainingOptions() {
        List<OptionSpec> specs = new ArrayList<>();
        for (TrainingOption o : TrainingOption.values()) specs.add(o.spec());
        return specs;
    }

    private TrainCommand() {
    }

    /** Seconds Ctrl-C waits for the run to save its best epoch before the JVM ends anyway. */
    private static final long SAVE_ON_CTRL_C_SECONDS = 300;

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        Set<String> valued = new HashSet<>(Set.of("out", "detect", "pad"));
        for (TrainingOption o : TrainingOption.values()) valued.add(o.spec().flag());
        Args a = new Args(argv, 1, valued, Set.of("no-feature-cache", "clear-feature-cache"));
        FeatureCache cache = a.has("no-feature-cache") ? FeatureCache.NONE : FeatureCache.standard();
        if (a.has("clear-feature-cache")) {
            FeatureCache standard = FeatureCache.standard();
            out.printf(Locale.ROOT, "cleared the feature cache %s (%.0f MB)%n", standard.dir(), standard.clear() / 1e6);
            if (a.positional().isEmpty()) return 0;
        }
        if (a.positional().size() != 1) throw new UsageException("train needs exactly one DATASET folder");
        TrainingOptions options = TrainingOptions.defaults();
        try {
            for (TrainingOption o : TrainingOption.values()) {
                if (a.has(o.spec().flag())) options = options.with(o, a.string(o.spec().flag(), ""));
            }
            options.checkCombination();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!a.has("out") && options.folds() == 0) throw new UsageException("train needs --out MODEL_DIR (or --folds K to cross-validate only)");
        String detect = a.string("detect", "none").toLowerCase(Locale.ROOT);
        if (!detect.equals("none") && !detect.equals("auto")) {
            throw new UsageException("--detect must be 'none' or 'auto', not '" + a.string("detect", "") + "'");
        }
        double pad = a.number("pad", 1, 1, 10);
        Path modelDir = a.has("out") ? Path.of(a.string("out", "")) : null;
        if (modelDir != null) {
            try {
                // before reading the dataset and training (minutes): a bad model folder fails at once
                OutputFolder.prepare(modelDir);
            } catch (IOException e) {
                throw new UsageException("--out " + e.getMessage());
            }
        }

        long start = System.nanoTime();
        // Ctrl-C: stop at the next batch and let the run save its best epoch before the JVM ends
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            interrupted.set(true);
            try {
                finished.await(SAVE_ON_CTRL_C_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // the JVM ends
            }
        }, "EmotiJ train Ctrl-C");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return train(a, options, modelDir, detect, pad, cache, interrupted, start, out);
        } catch (java.util.concurrent.CancellationException e) {
            // said here, before the JVM that Ctrl-C is ending goes
            out.println(e.getMessage() + ": nothing was saved");
            return 130;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C was pressed: the hook ends now that the run has
            }
        }
    }

    private static int train(Args a, TrainingOptions options, Path modelDir, String detect, double pad, FeatureCache cache,
                             AtomicBoolean interrupted, long start, PrintStream out) throws UsageException, IOException {
        ExpressionDataset data;
        try {
            data = TrainingImages.read(Path.of(a.positional().get(0)), options, detect.equals("auto"), pad,
                    new ImageJReader(), out::println, interrupted::get);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        if (!data.skipped().isEmpty()) out.println(data.skipped().size() + " file(s) skipped (listed above)");
        TrainingListener listener = new TrainingListener() {
            @Override
            public void log(String line) {
                out.println(line);
            }

            @Override
            public void status(String line) {
                out.println("  " + line);
            }

            @Override
            public boolean cancelled() {
                return interrupted.get();
            }
        };
        TrainingRun.Result r = TrainingRun.run(data, options, modelDir, listener, cache);
        if (r.model != null) {
            out.println();
            out.print(r.outcome.test.report());
            r.model.close();
        }
        out.printf(Locale.ROOT, "total time: %.1f s%n", (System.nanoTime() - start) / 1e9);
        if (options.folds() > 0) {
            out.printf(Locale.ROOT, "cv_accuracy: %.4f +- %.4f (%d folds)%n", r.foldMean(), r.foldSpread(), options.folds());
        }
        if (r.model != null) out.printf(Locale.ROOT, "val_accuracy: %.4f%n", r.valAccuracy());
        return 0;
    }
}
