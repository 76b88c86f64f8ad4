package emotij.options;

import java.util.List;
import java.util.Locale;

/**
 * One user option, declared once: its key (the macro key, the SciJava parameter's name and, with dashes, the
 * command-line flag), its type, default, range or choices, label (the dialog's; it starts with the key's word so
 * that ImageJ records the key) and help (the command line's and README's). Every entry point takes these from
 * here: the ImageJ dialogs, the command line's parsing and {@code help}, the SciJava commands (checked against
 * these by a test) and the core option classes' checks.
 */
public final class OptionSpec {

    public enum Type { INTEGER, NUMBER, BOOLEAN, CHOICE, TEXT }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final double min;
    private final double max;
    private final List<String> choices;
    private final String label;
    private final String help;
    /** How the allowed values are said where the range alone says too little; null: from the range. */
    private final String allowedText;
    /** Why the range is what it is and what to do beyond it, or null. */
    private final String hint;

    private OptionSpec(String key, Type type, String defaultValue, double min, double max, List<String> choices,
                       String label, String help) {
        this(key, type, defaultValue, min, max, choices, label, help, null, null);
    }

    private OptionSpec(String key, Type type, String defaultValue, double min, double max, List<String> choices,
                       String label, String help, String allowedText, String hint) {
        this.allowedText = allowedText;
        this.hint = hint;
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.label = label;
        this.help = help;
    }

    /** A whole number in [min, max]. */
    public static OptionSpec integer(String key, long def, long min, long max, String label, String help) {
        return new OptionSpec(key, Type.INTEGER, Long.toString(def), min, max, List.of(), label, help);
    }

    /** A number in [min, max]. */
    public static OptionSpec number(String key, double def, double min, double max, String label, String help) {
        return new OptionSpec(key, Type.NUMBER, plain(def), min, max, List.of(), label, help);
    }

    public static OptionSpec bool(String key, boolean def, String label, String help) {
        return new OptionSpec(key, Type.BOOLEAN, Boolean.toString(def), Double.NaN, Double.NaN, List.of(), label, help);
    }

    /** One of {@code choices} (lower case), e.g. an enum's names. */
    public static OptionSpec choice(String key, String def, List<String> choices, String label, String help) {
        return new OptionSpec(key, Type.CHOICE, def, Double.NaN, Double.NaN, List.copyOf(choices), label, help);
    }

    /** The lower-case names of an enum's constants, as choices. */
    public static List<String> names(Class<? extends Enum<?>> type) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Enum<?> e : type.getEnumConstants()) out.add(e.name().toLowerCase(Locale.ROOT));
        return out;
    }

    /** Free text, checked by whoever reads it. */
    public static OptionSpec text(String key, String def, String label, String help) {
        return new OptionSpec(key, Type.TEXT, def, Double.NaN, Double.NaN, List.of(), label, help);
    }

    /** The same option, its allowed values said as {@code text} ("a size in pixels, at least 8"). */
    public OptionSpec allowedAs(String text) {
        return new OptionSpec(key, type, defaultValue, min, max, choices, label, help, text, hint);
    }

    /** The same option with a hint: why its range is what it is and what to do beyond it. */
    public OptionSpec withHint(String why) {
        return new OptionSpec(key, type, defaultValue, min, max, choices, label, help, allowedText, why);
    }

    /** Why the range is what it is and what to do beyond it, or null. */
    public String hint() {
        return hint;
    }

    public String key() {
        return key;
    }

    /** The command line's flag: the key with dashes ({@code --min-face}). */
    public String flag() {
        return key.replace('_', '-');
    }

    public Type type() {
        return type;
    }

    /** The default as text, as a dialog shows it and a macro writes it. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Smallest allowed value of a number (NaN for other types). */
    public double min() {
        return min;
    }

    /** Largest allowed value of a number (NaN for other types). */
    public double max() {
        return max;
    }

    public List<String> choices() {
        return choices;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    /** True if {@code v} is in this number option's range. */
    public boolean inRange(double v) {
        return v >= min && v <= max;
    }

    /** The allowed values in words: "a whole number from 0 to 4096", "one of none, flip", "true or false". */
    public String allowed() {
        if (allowedText != null) return allowedText;
        switch (type) {
            case INTEGER: return min <= Long.MIN_VALUE ? "a whole number" : "a whole number from " + plain(min) + " to " + plain(max);
            case NUMBER: return "a number from " + plain(min) + " to " + plain(max);
            case BOOLEAN: return "true or false";
            case CHOICE: return "one of " + String.join(", ", choices);
            default: return "text";
        }
    }

    /**
     * The value of {@code text} for this option: a Long, Double, Boolean or String (a choice in lower case).
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public Object parse(String text) {
        String v = text == null ? "" : text.trim();
        switch (type) {
            case INTEGER:
                try {
                    long n = Long.parseLong(v);
                    if (n >= min && n <= max) return n;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw bad(v);
            case NUMBER:
                try {
                    double d = Double.parseDouble(v);
                    if (inRange(d)) return d;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw bad(v);
            case BOOLEAN:
                String b = v.toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("yes") || b.equals("1")) return true;
                if (b.equals("false") || b.equals("no") || b.equals("0")) return false;
                throw bad(v);
            case CHOICE:
                String c = v.toLowerCase(Locale.ROOT);
                if (choices.contains(c)) return c;
                throw bad(v);
            default:
                return v;
        }
    }

    private IllegalArgumentException bad(String v) {
        return new IllegalArgumentException(key + " must be " + allowed() + ", not '" + v + "'");
    }

    /** A number as a user writes it: {@code 4096}, not {@code 4096.0}. */
    public static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
