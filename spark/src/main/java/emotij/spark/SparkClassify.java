package emotij.spark;

import emotij.cli.ClassifyOptions;
import emotij.cli.UsageException;
import emotij.batch.FolderBatch;
import emotij.batch.OutputFolder;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code emotij-spark classify INPUT... --out DIR [--master URL] [--conf KEY=VALUE]... [classify options]}: the
 * faces and expressions of a large collection, one Spark task per file, merged into the files
 * {@code bin/emotij classify} writes. Local mode (all cores of this machine) unless a master is given, here or by
 * {@code spark-submit}.
 */
public final class SparkClassify {

    static final String USAGE = "usage: emotij-spark classify INPUT... --out DIR [--master URL] [--conf KEY=VALUE]... [options]\n"
            + "  INPUT               image or movie files, folders (their image files, sorted), glob patterns\n"
            + "                      ('data/**/*.tif', quoted) or @LIST (a text file with one INPUT per line);\n"
            + "                      they and --out must be on a file system every executor sees at the same path\n"
            + "  --master URL        spark://HOST:7077, yarn, ... (default: local[*], every core of this machine;\n"
            + "                      under spark-submit, its --master)\n"
            + "  --conf KEY=VALUE    a Spark setting, e.g. spark.executor.memory=4g (repeatable)\n"
            + "  --files-per-task N  files one Spark task classifies, one after another (default: as many as give\n"
            + "                      4 tasks per core; 1 for long movies balances the work best)\n"
            + ClassifyOptions.usage();

    private SparkClassify() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (UsageException e) {
            System.err.println("emotij-spark: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (IOException e) {
            System.err.println("emotij-spark: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /** Runs the command; returns the exit code (0: every file classified, 1: some failed). */
    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return 0;
        }
        if (!args[0].equals("classify")) throw new UsageException("unknown command '" + args[0] + "' (emotij-spark runs classify)");
        String master = null;
        int filesPerTask = 0;
        List<String> conf = new ArrayList<>();
        List<String> classifyArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.equals("--master") || name.equals("--conf") || name.equals("--files-per-task")) {
                String value;
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                } else {
                    if (i + 1 >= args.length) throw new UsageException("option " + a + " needs a value");
                    value = args[++i];
                }
                if (name.equals("--master")) master = value;
                else if (name.equals("--conf")) conf.add(value);
                else filesPerTask = positiveInteger(name, value);
            } else {
                classifyArgs.add(a);
            }
        }
        String[] classify = classifyArgs.toArray(new String[0]);
        ClassifyOptions options = ClassifyOptions.parse(classify, 0);
        List<FolderBatch.Item> items = InputListing.items(options.inputs, options.recursive);
        if (items.isEmpty()) throw new UsageException("no image files in " + options.inputs);
        Path outDir = options.out.toAbsolutePath().normalize();
        try {
            OutputFolder.prepare(outDir);
        } catch (IOException e) {
            throw new UsageException("--out " + e.getMessage());
        }
        List<FileToClassify> files = new ArrayList<>();
        for (FolderBatch.Item item : items) {
            files.add(new FileToClassify(files.size(), item.file.toAbsolutePath().normalize().toString(), item.name));
        }
        SparkConf sparkConf = sparkConf(master, conf);
        return classify(sparkConf, files, filesPerTask, classify, outDir, options.tracking != null, out, err);
    }

    private static int positiveInteger(String option, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("option " + option + " needs a whole number of at least 1, not '" + value + "'");
    }

    /**
     * The files in tasks, in input order: {@code perTask} each, or (0) as many as give 4 tasks per core of the
     * cluster, so that a slow task is balanced by the others while Spark's cost per task stays small.
     */
    static List<List<FileToClassify>> tasks(List<FileToClassify> files, int perTask, int cores) {
        int n = perTask > 0 ? perTask : Math.max(1, (int) Math.ceil(files.size() / (4.0 * Math.max(1, cores))));
        List<List<FileToClassify>> tasks = new ArrayList<>();
        for (int i = 0; i < files.size(); i += n) tasks.add(new ArrayList<>(files.subList(i, Math.min(files.size(), i + n))));
        return tasks;
    }

    static SparkConf sparkConf(String master, List<String> settings) throws UsageException {
        SparkConf conf = new SparkConf().setAppName("EmotiJ classify");
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new UsageException("--conf needs KEY=VALUE, not '" + s + "'");
            conf.set(s.substring(0, eq), s.substring(eq + 1));
        }
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        boolean local = conf.get("spark.master").startsWith("local");
        // our own per-file progress lines instead of Spark's progress bar; no web UI for a laptop run
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (local) conf.setIfMissing("spark.ui.enabled", "false");
        // executors elsewhere need this job jar (spark-submit ships its own application jar already)
        Path jar = jobJar();
        if (!local && jar != null && !conf.contains("spark.jars")) conf.set("spark.jars", jar.toString());
        return conf;
    }

    /** The jar these classes came from, or null when they come from a folder (tests). */
    private static Path jobJar() {
        try {
            Path p = Paths.get(SparkClassify.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static int classify(SparkConf conf, List<FileToClassify> files, int filesPerTask, String[] classifyArgs, Path outDir,
                                boolean tracked, PrintStream out, PrintStream err) throws IOException {
        PartsFolder.startRun(outDir);
        long start = System.nanoTime();
        FileTask task = new FileTask(classifyArgs, Paths.get("").toAbsolutePath(), outDir);
        if (conf.get("spark.master").startsWith("local")) loadWhileSparkStarts(task);
        FolderBatch.Report report;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<List<FileToClassify>> tasks = tasks(files, filesPerTask, sc.defaultParallelism());
            sc.sc().addSparkListener(new ProgressLines(tasks, files.size(), outDir, err));
            MergeOnce merge = new MergeOnce(outDir, files, tracked, start);
            // Ctrl-C (or a kill) keeps what was finished: the parts done so far are merged, as a cancelled batch
            Thread stop = new Thread(() -> {
                try {
                    sc.cancelAllJobs();
                } catch (RuntimeException alreadyStopped) {
                    // Spark's own shutdown hook may have stopped the context first: nothing runs any more
                }
                try {
                    merge.merge(true, null);
                } catch (IOException e) {
                    err.println("emotij-spark: could not merge the files done before the stop: " + e.getMessage());
                }
            }, "EmotiJ merge on stop");
            Runtime.getRuntime().addShutdownHook(stop);
            String notRun = null;
            try {
                sc.parallelize(tasks, tasks.size()).map(task).collect();
            } catch (Exception e) {
                // (Spark throws its checked SparkException undeclared) the job itself failed: models not loadable
                // on an executor, a lost cluster... or it was stopped. Keep what is done.
                notRun = "the Spark job failed: " + rootMessage(e);
                if (!merge.done()) err.println("emotij-spark: " + notRun);
            }
            report = merge.merge(false, notRun);
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the stop hook runs already; it finds the merge done
            }
        }
        out.print(report.summary);
        return report.failed.isEmpty() ? 0 : 1;
    }

    /**
     * In local mode the tasks run in this JVM: TensorFlow and the models (seconds) load on another thread while
     * Spark starts. A failure is left to the tasks, which meet it again and report it.
     */
    private static void loadWhileSparkStarts(FileTask task) {
        Thread load = new Thread(() -> {
            try {
                task.loadShared();
            } catch (IOException | RuntimeException e) {
                // the first task loads them again and fails with this message
            }
        }, "EmotiJ models");
        load.setDaemon(true);
        load.start();
    }

    /** The merge of the parts, done once: by the end of the job or by a stop, whichever comes first. */
    private static final class MergeOnce {
        private final Path outDir;
        private final List<FileToClassify> files;
        private final boolean tracked;
        private final long start;
        private FolderBatch.Report report;

        MergeOnce(Path outDir, List<FileToClassify> files, boolean tracked, long start) {
            this.outDir = outDir;
            this.files = files;
            this.tracked = tracked;
            this.start = start;
        }

        /** Whether the parts are merged already (by a stop, when the job has not ended). */
        synchronized boolean done() {
            return report != null;
        }

        synchronized FolderBatch.Report merge(boolean cancelled, String notRun) throws IOException {
            if (report == null) {
                report = PartsFolder.merge(outDir, files, tracked, cancelled, notRun, (System.nanoTime() - start) / 1e9);
            }
            return report;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t == e ? String.valueOf(e.getMessage()) : t + " (" + e.getMessage().lines().findFirst().orElse("") + ")";
    }

    /** One line per finished file on the driver, as {@code bin/emotij classify} prints them, when its task ends. */
    private static final class ProgressLines extends SparkListener {
        private final List<List<FileToClassify>> tasks;
        private final int total;
        private final Path outDir;
        private final PrintStream err;
        private int done;

        ProgressLines(List<List<FileToClassify>> tasks, int total, Path outDir, PrintStream err) {
            this.tasks = tasks;
            this.total = total;
            this.outDir = outDir;
            this.err = err;
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            int index = end.taskInfo().index();
            if (index < 0 || index >= tasks.size()) return;
            List<FileToClassify> files = tasks.get(index);
            if (!end.taskInfo().successful()) {
                err.println(String.format(Locale.ROOT, "task of %d file%s from %s failed on %s (%s)", files.size(),
                        files.size() == 1 ? "" : "s", files.get(0).name, end.taskInfo().host(), end.reason()));
                return;
            }
            for (FileToClassify file : files) {
                String line;
                try {
                    line = FileOutcome.read(outDir.resolve(PartsFolder.PARTS).resolve(file.partName())).line();
                } catch (IOException e) {
                    line = "done";
                }
                err.println(String.format(Locale.ROOT, "[%d/%d] %s: %s (on %s)", ++done, total, file.name, line,
                        end.taskInfo().host()));
            }
        }
    }
}
