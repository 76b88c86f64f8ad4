package emotij.spark;

import emotij.batch.FolderBatch;
import emotij.io.ResultColumns;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code OUT/parts/}: one folder per input file, written by the batch code on an executor and published under its
 * final name only when complete (a retried or re-run task replaces it whole), then merged in input order into the
 * files {@code bin/emotij classify} writes: results.csv, tracks.csv, summary.txt and the annotated copies.
 */
final class PartsFolder {

    static final String PARTS = "parts";
    static final String RESULTS_CSV = "results.csv";
    static final String TRACKS_CSV = "tracks.csv";
    static final String SUMMARY_TXT = "summary.txt";
    /** The files of a part that are not annotated copies. */
    private static final Set<String> TABLES = Set.of(RESULTS_CSV, TRACKS_CSV, SUMMARY_TXT, FileOutcome.FILE_NAME);

    private PartsFolder() {
    }

    /** A fresh folder, hidden under parts/, where one attempt writes one file's results before publishing them. */
    static Path newAttemptFolder(Path out, FileToClassify file) throws IOException {
        Path parts = Files.createDirectories(out.resolve(PARTS));
        return parts.resolve("." + file.partName() + "-" + UUID.randomUUID());
    }

    /** Publishes a complete attempt folder as the file's part, replacing an earlier one. */
    static void publish(Path attempt, Path out, FileToClassify file) throws IOException {
        Path part = out.resolve(PARTS).resolve(file.partName());
        Path old = null;
        if (Files.exists(part)) {
            old = part.resolveSibling("." + file.partName() + "-replaced-" + UUID.randomUUID());
            Files.move(part, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(attempt, part, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException sameFileDoneTwice) {
            // another attempt of the same file (speculation, a retry racing a slow one) published the same results
            deleteTree(attempt);
        }
        if (old != null) deleteTree(old);
    }

    /** Where a run begins: no summary or tracks of an earlier run may pass for this one's, even if this one is killed. */
    static void startRun(Path out) throws IOException {
        Files.writeString(out.resolve(SUMMARY_TXT), "incomplete: a Spark run into this folder started at "
                + java.time.Instant.now() + " and has not finished (still running, or interrupted); "
                + PARTS + "/ holds the files done so far\n", StandardCharsets.UTF_8);
        Files.deleteIfExists(out.resolve(TRACKS_CSV));
        Files.deleteIfExists(out.resolve(RESULTS_CSV));
    }

    /**
     * Merges the parts in input order into OUT and removes them.
     *
     * @param cancelled the run was stopped: the files without a part are left out, as a cancelled batch leaves out
     *                  the files after it stopped
     * @param notRun    else why a file without a part has none (the job failed; null when it succeeded)
     */
    static FolderBatch.Report merge(Path out, List<FileToClassify> files, boolean tracked, boolean cancelled,
                                    String notRun, double seconds) throws IOException {
        Path parts = out.resolve(PARTS);
        FolderBatch.Report report = new FolderBatch.Report();
        Set<String> usedNames = new HashSet<>();
        Path resultsPartial = out.resolve(RESULTS_CSV + ".partial");
        Path tracksPartial = out.resolve(TRACKS_CSV + ".partial");
        boolean anyTracks = false;
        try (OutputStream results = Files.newOutputStream(resultsPartial)) {
            results.write((String.join(",", ResultColumns.csvColumns(tracked)) + System.lineSeparator())
                    .getBytes(StandardCharsets.UTF_8));
            for (FileToClassify file : files) {
                Path part = parts.resolve(file.partName());
                if (!Files.isRegularFile(part.resolve(FileOutcome.FILE_NAME))) {
                    if (!cancelled) {
                        report.images++;
                        report.failed.add(file.name + ": not classified: " + (notRun == null ? "its part is missing" : notRun));
                    }
                    continue;
                }
                report.add(FileOutcome.read(part).toReport());
                results.write(withoutFirstLine(Files.readAllBytes(part.resolve(RESULTS_CSV))));
                Path tracks = part.resolve(TRACKS_CSV);
                if (Files.isRegularFile(tracks)) {
                    byte[] t = Files.readAllBytes(tracks);
                    Files.write(tracksPartial, anyTracks ? withoutFirstLine(t) : t,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    anyTracks = true;
                }
                for (Path annotated : annotatedCopies(part)) {
                    String fileName = annotated.getFileName().toString();
                    String ext = fileName.substring(fileName.lastIndexOf('.'));
                    Files.move(annotated, out.resolve(FolderBatch.annotatedName(file.name, ext, usedNames) + ext),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.move(resultsPartial, out.resolve(RESULTS_CSV), StandardCopyOption.REPLACE_EXISTING);
        if (anyTracks) Files.move(tracksPartial, out.resolve(TRACKS_CSV), StandardCopyOption.REPLACE_EXISTING);
        report.seconds = seconds;
        report.cancelled = cancelled;
        report.summary = report.summary(files.size(), out);
        Files.writeString(out.resolve(SUMMARY_TXT), report.summary, StandardCharsets.UTF_8);
        deleteTree(parts);
        return report;
    }

    private static List<Path> annotatedCopies(Path part) throws IOException {
        try (Stream<Path> list = Files.list(part)) {
            return list.filter(p -> !TABLES.contains(p.getFileName().toString())).sorted().collect(Collectors.toList());
        }
    }

    private static byte[] withoutFirstLine(byte[] csv) {
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '\n') return java.util.Arrays.copyOfRange(csv, i + 1, csv.length);
        }
        return new byte[0];
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        List<IOException> failures = new ArrayList<>();
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) throw failures.get(0);
    }
}
