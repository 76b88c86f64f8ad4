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

    public ResultsCsvWriter(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(String.join(",", ResultColumns.csvColumns()));
        out.newLine();
        out.flush();
    }

    /** One row per face of one plane of an image; {@code slice} is 1-based. */
    public void write(String image, int slice, java.util.List<FaceResult> faces) throws IOException {
        for (int i = 0; i < faces.size(); i++) {
            out.write(row(image, slice, i + 1, faces.get(i)));
            out.newLine();
        }
        out.flush();
    }

    static String row(String image, int slice, int face, FaceResult r) {
        Box b = r.face().box();
        StringBuilder s = new StringBuilder();
        s.append(quote(image)).append(',').append(slice).append(',').append(face).append(',')
                .append(fmt1(b.x)).append(',').append(fmt1(b.y)).append(',')
                .append(fmt1(b.width)).append(',').append(fmt1(b.height)).append(',')
                .append(fmt4(r.face().score())).append(',')
                .append(r.expression().top().label()).append(',').append(fmt4(r.expression().confidence()));
        for (Emotion e : Emotion.values()) s.append(',').append(fmt4(r.expression().probability(e)));
        return s.toString();
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
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
