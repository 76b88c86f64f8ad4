package emotij.io;

import emotij.classify.Emotion;
import emotij.detect.Box;
import emotij.pipeline.FaceResult;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes result rows to a CSV file as they come, flushing after each image, so that the rows of a long batch
 * survive a failure later in it.
 */
public final class ResultsCsvWriter implements Closeable {

    private final BufferedWriter out;
    private final boolean tracked;

    /** @param tracked with a {@code track} column (write rows with {@link #writeTracked}) */
    public ResultsCsvWriter(Path file, boolean tracked) throws IOException {
        this.tracked = tracked;
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(String.join(",", ResultColumns.csvColumns(tracked)));
        out.newLine();
        out.flush();
    }

    /**
     * Rows of tracked faces (the file must have been opened with tracking).
     *
     * @param position the hyperstack position {channel, z, t} of a plane number
     */
    public void writeTracked(String image, java.util.List<emotij.track.TrackedFace> faces,
                             java.util.function.IntFunction<int[]> position) throws IOException {
        if (!tracked) throw new IllegalStateException("this CSV has no track column");
        for (emotij.track.TrackedFace f : faces) {
            out.write(row(image, f.frame, position.apply(f.frame), f.face, f.track(), f.result));
            out.newLine();
        }
        out.flush();
    }

    /**
     * One row per face of one plane of an image; {@code slice} is 1-based, {@code position} its hyperstack
     * position {channel, z, t}.
     */
    public void write(String image, int slice, int[] position, java.util.List<FaceResult> faces) throws IOException {
        if (tracked) throw new IllegalStateException("this CSV has a track column: use writeTracked");
        for (int i = 0; i < faces.size(); i++) {
            out.write(row(image, slice, position, i + 1, -1, faces.get(i)));
            out.newLine();
        }
        out.flush();
    }

    /** @param track the track id, or -1 for no track column */
    static String row(String image, int slice, int[] position, int face, int track, FaceResult r) {
        Box b = r.face().box();
        StringBuilder s = new StringBuilder();
        s.append(quote(image)).append(',').append(slice).append(',').append(face).append(',');
        if (track >= 0) s.append(track).append(',');
        s
                .append(fmt1(b.x)).append(',').append(fmt1(b.y)).append(',')
                .append(fmt1(b.width)).append(',').append(fmt1(b.height)).append(',')
                .append(fmt4(r.face().score())).append(',')
                .append(r.expression().top().label()).append(',').append(fmt4(r.expression().confidence()));
        for (Emotion e : Emotion.values()) s.append(',').append(fmt4(r.expression().probability(e)));
        for (int v : position) s.append(',').append(v);
        return s.toString();
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Writes the per-track summaries of one image to a tracks CSV (header written when {@code header}). */
    public static void writeTrackSummary(Path file, String image, java.util.List<emotij.track.TrackSummary> tracks,
                                         boolean header) throws IOException {
        StringBuilder s = new StringBuilder();
        if (header) s.append(String.join(",", ResultColumns.trackSummaryColumns())).append('\n');
        for (emotij.track.TrackSummary t : tracks) {
            s.append(quote(image)).append(',').append(t.track).append(',').append(t.firstFrame).append(',')
                    .append(t.lastFrame).append(',').append(t.framesSeen).append(',').append(t.dominant().label());
            for (double v : t.share) s.append(',').append(fmt4(v));
            for (double v : t.meanProbability) s.append(',').append(fmt4(v));
            s.append('\n');
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** CSV quoting (RFC 4180) for names with commas, quotes or line breaks. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
