package emotij.cli;

import emotij.options.OptionSpec;

import java.util.List;

/** The command line's help lines of declared options: flag, value, help, range and default, from the declaration. */
final class OptionHelp {

    /** The column where the help text starts. */
    static final int HELP_COLUMN = 32;

    private OptionHelp() {
    }

    /** One line per option (wrapped), e.g. {@code --hidden N   hidden units of the new head (0 to 4096; default 0)}. */
    static String lines(List<OptionSpec> options) {
        StringBuilder s = new StringBuilder();
        for (OptionSpec o : options) s.append(line(o));
        return s.toString();
    }

    static String line(OptionSpec o) {
        return line("--" + o.flag() + " " + value(o), o.help() + " (" + range(o) + "default " + shown(o) + ")");
    }

    /** {@code head} (a flag and its value) and its help, wrapped at 118 columns under the help column. */
    static String line(String head, String help) {
        StringBuilder s = new StringBuilder("  ").append(head);
        if (s.length() >= HELP_COLUMN - 1) s.append('\n').append(" ".repeat(HELP_COLUMN));
        else s.append(" ".repeat(HELP_COLUMN - s.length()));
        int col = HELP_COLUMN;
        for (String word : help.split(" ")) {
            if (col > HELP_COLUMN && col + 1 + word.length() > 118) {
                s.append('\n').append(" ".repeat(HELP_COLUMN));
                col = HELP_COLUMN;
            } else if (col > HELP_COLUMN) {
                s.append(' ');
                col++;
            }
            s.append(word);
            col += word.length();
        }
        return s.append('\n').toString();
    }

    private static String value(OptionSpec o) {
        switch (o.type()) {
            case INTEGER: return "N";
            case NUMBER: return "X";
            case BOOLEAN: return "true|false";
            case CHOICE: return String.join("|", o.choices());
            default: return "TEXT";
        }
    }

    private static String range(OptionSpec o) {
        switch (o.type()) {
            case INTEGER: case NUMBER:
                return o.min() <= Long.MIN_VALUE ? "" : "from " + OptionSpec.plain(o.min()) + " to " + OptionSpec.plain(o.max()) + "; ";
            default: return "";
        }
    }

    private static String shown(OptionSpec o) {
        return o.defaultValue().isEmpty() ? "none" : o.defaultValue();
    }
}
