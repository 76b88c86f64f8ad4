package emotij.pipeline;

import emotij.detect.DetectorOptions;
import emotij.image.ImageChecks;
import emotij.image.PixelImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings of one image whose analysis goes on (a damaged file, a nearly black plane, the face cap reached):
 * each kind said once, with the planes it concerns, so that a long stack gives a line, not thousands.
 */
public final class ImageWarnings {

    private final List<String> messages = new ArrayList<>();
    /** Each problem and where it was seen ("slice 3"; null for the only plane of an image). */
    private final Map<String, List<String>> planesByProblem = new LinkedHashMap<>();

    /** Starts with the warnings of reading the image's file (a damaged file...), each said as it is. */
    public ImageWarnings(List<String> readWarnings) {
        messages.addAll(readWarnings);
    }

    /**
     * Notes what is doubtful about an analysed plane and the {@code faces} found there.
     *
     * @param where which plane, as the results name it ("slice 3"); null for the only plane of an image
     */
    public void plane(String where, PixelImage image, int faces, DetectorOptions options) {
        for (String w : ImageChecks.warnings(image)) add(w, where);
        String cap = options.maxFacesWarning(faces);
        if (cap != null) add(cap, where);
    }

    private void add(String problem, String where) {
        List<String> planes = planesByProblem.computeIfAbsent(problem, k -> new ArrayList<>());
        if (where != null) planes.add(where);
    }

    /** The warnings so far, one per kind, with the planes concerned (the first few). */
    public List<String> messages() {
        List<String> out = new ArrayList<>(messages);
        planesByProblem.forEach((problem, planes) -> out.add(planes.isEmpty() ? problem : problem + " (" + planesText(planes) + ")"));
        return out;
    }

    private static String planesText(List<String> planes) {
        String first = String.join(", ", planes.subList(0, Math.min(3, planes.size())));
        return planes.size() <= 3 ? first : first + ", ... " + planes.size() + " planes";
    }
}
