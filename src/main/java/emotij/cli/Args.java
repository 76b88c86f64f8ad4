package emotij.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments of one command: positional arguments and {@code --name value} / {@code --flag} options,
 * checked against the options the command knows.
 */
final class Args {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flagsSeen = new java.util.HashSet<>();

    /**
     * @param valued the options that take a value (without {@code --})
     * @param flags  the options that take none
     */
    Args(String[] args, int from, Set<String> valued, Set<String> flags) throws UsageException {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new UsageException("option --" + name + " needs a value");
                        value = args[++i];
                    }
                    values.put(name, value);
                } else if (flags.contains(name)) {
                    if (value != null) throw new UsageException("option --" + name + " takes no value");
                    flagsSeen.add(name);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
    }

    List<String> positional() {
        return positional;
    }

    boolean has(String name) {
        return values.containsKey(name) || flagsSeen.contains(name);
    }

    String string(String name, String def) {
        return values.getOrDefault(name, def);
    }

    double number(String name, double def, double min, double max) throws UsageException {
        String v = values.get(name);
        if (v == null) return def;
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a number, not '" + v + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException("option --" + name + " must be between " + fmt(min) + " and " + fmt(max) + ", not " + v);
        }
        return d;
    }

    int integer(String name, int def, int min, int max) throws UsageException {
        double d = number(name, def, min, max);
        if (d != Math.rint(d)) throw new UsageException("option --" + name + " needs a whole number, not " + values.get(name));
        return (int) d;
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
