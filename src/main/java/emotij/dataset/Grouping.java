package emotij.dataset;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which training faces belong together (the training option {@code group_by}): every split keeps a group whole,
 * so that a held-out part or a cross-validation fold tests on people and scenes the model never saw. Faces of one
 * movie share actors, sets and lighting; if they sat on both sides, a classifier that recognises actors would
 * score well without recognising expressions.
 * <ul>
 *   <li>{@code auto} (the default): SFEW names ({@code Movie_Title_001234567_00000012.png}) group by the movie
 *   title, across all classes; other names are their own group.</li>
 *   <li>{@code none}: every file is its own group.</li>
 *   <li>any other value: a regular expression found in the file name; its first capture group (or the whole
 *   match when it has none) is the group; names it does not match are their own group. E.g. {@code ^[A-Z]+} for
 *   JAFFE's {@code KA.AN1.39.tiff} groups by the subject's initials.</li>
 * </ul>
 */
public final class Grouping {

    /**
     * SFEW names: the title, then the clip's time stamp and the frame number (a few Train names use {@code -} or
     * {@code __} as separators); the title may itself contain digits and underscores ({@code 50_50}).
     */
    private static final Pattern SFEW_NAME = Pattern.compile("(.+?)[_-]+\\d+_+\\d+");

    private final String spec;
    private final Pattern pattern;

    private Grouping(String spec, Pattern pattern) {
        this.spec = spec;
        this.pattern = pattern;
    }

    /** The SFEW movie grouping ({@code auto}). */
    public static Grouping byMovie() {
        return new Grouping("auto", null);
    }

    /**
     * @param spec {@code auto}, {@code none} or a regular expression
     * @throws IllegalArgumentException naming the option and the regular expression's error
     */
    public static Grouping parse(String spec) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("auto") || lower.isEmpty()) return byMovie();
        if (lower.equals("none")) return new Grouping("none", null);
        try {
            return new Grouping(s, Pattern.compile(s));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("group_by must be auto, none or a regular expression on the file name"
                    + " (e.g. ^[A-Z]+), not '" + s + "': " + e.getDescription());
        }
    }

    /** The group of a file (its name, with or without folders). */
    public String groupOf(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        if (spec.equals("none")) return name;
        if (pattern == null) {
            int dot = name.lastIndexOf('.');
            Matcher m = SFEW_NAME.matcher(dot > 0 ? name.substring(0, dot) : name);
            return m.matches() ? m.group(1) : name;
        }
        Matcher m = pattern.matcher(name);
        if (!m.find()) return name;
        String key = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
        return key.isEmpty() ? name : key;
    }

    /** How faces are grouped, for logs and reports, e.g. {@code by movie title (SFEW file names)}. */
    public String describe() {
        if (spec.equals("none")) return "no grouping (group_by=none)";
        if (pattern == null) return "by movie title (SFEW file names Title_<digits>_<digits>; group_by=auto)";
        return "by the regular expression group_by=" + spec;
    }

    @Override
    public String toString() {
        return spec;
    }
}
