package emotij.cli;

import emotij.dataset.ExpressionDataset;
import emotij.batch.OutputFolder;
import emotij.batch.ImageJReader;
import emotij.batch.TrainingImages;
import emotij.train.EpochStats;
import emotij.train.FeatureCache;
import emotij.train.ProgressMeter;
import emotij.train.TrainingListener;
import emotij.train.TrainingOptions;
import emotij.train.TrainingRun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
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
            + "  --mode finetune|frozen        fine-tune the backbone with the head, or a head on cached features\n"
            + "  --backbone emotion|faceres|mobilefacenet|SAVEDMODEL_DIR[,...]  features to learn from (concatenated)\n"
            + "  --backbone-output KEY --input-range LO,HI   for a SavedModel backbone: feature output, input values\n"
            + "  --tap pooled|l2|concat|classifier  which features: pooled, L2-normalised, both, or (emotion only)\n"
            + "                                the net's own 7 class scores: training starts from its classifier\n"
            + "  --hidden N --dropout F --batch-norm true|false   the new head (N=0: no hidden layer)\n"
            + "  --epochs N --batch-size N --learning-rate F --backbone-lr F (fraction of the head's)\n"
            + "  --train-layers N|all          fine-tune: how many of the backbone's last convolutions train\n"
            + "  --warmup-epochs N             fine-tune: epochs that train the head alone first\n"
            + "  --patience N --early-stop-fraction F   early stopping on a held-out part of Train (never Val)\n"
            + "  --class-weights true|false    weigh classes by their inverse frequency\n"
            + "  --label-smoothing F           part of each label spread over all classes (0: none)\n"
            + "  --augment none|flip|tencrop|random  --views N (frozen+random: cached views per face)\n"
            + "  --seed N --folds K (K-fold cross-validation on Train first; without --out: only that)\n"
            + "  --validation-fraction F       for a plain folder of class folders: the part held out as Val\n"
            + "  --group-by auto|none|REGEX    faces kept together in folds and held-out parts: auto = SFEW movie\n"
            + "                                title; REGEX on the file name (first group, or the whole match)\n"
            + "  --no-feature-cache            neither read nor keep backbone features in the feature cache\n"
            + "  --clear-feature-cache         empty the feature cache (" + FeatureCache.standardDir() + "); alone or before a run\n"
            + "Ctrl-C stops training; the best epoch so far is saved to --out.\n"
            + "Defaults: " + TrainingOptions.defaults() + "\n";

    private TrainCommand() {
    }

    /** Seconds Ctrl-C waits for the run to save its best epoch before the JVM ends anyway. */
    private static final long SAVE_ON_CTRL_C_SECONDS = 300;

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        Set<String> valued = new HashSet<>(Set.of("out", "detect", "pad"));
        for (String k : TrainingOptions.KEYS) valued.add(k.replace('_', '-'));
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
            for (String k : TrainingOptions.KEYS) {
                String flag = k.replace('_', '-');
                if (a.has(flag)) options = options.with(k, a.string(flag, ""));
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
            private String job = "";

            @Override
            public void epoch(EpochStats stats) {
                out.println(stats);
            }

            @Override
            public void message(String line) {
                out.println(line);
            }

            @Override
            public void status(String line) {
                out.println("  " + line + job);
            }

            @Override
            public boolean cancelled() {
                return interrupted.get();
            }

            @Override
            public void progress(double fraction, double secondsLeft) {
                job = String.format(Locale.ROOT, "; training %.0f%% done, about %s left", 100 * fraction,
                        ProgressMeter.duration(secondsLeft));
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
