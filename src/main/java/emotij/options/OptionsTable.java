package emotij.options;

/** README's table of the analysis options, made from their declarations (a test keeps README's copy equal). */
public final class OptionsTable {

    private OptionsTable() {
    }

    /** The Markdown table: macro key and SciJava parameter, command-line flag, default, allowed values, help. */
    public static String markdown() {
        StringBuilder s = new StringBuilder("| macro key, SciJava parameter | command line | default | allowed | what |\n");
        s.append("|---|---|---|---|---|\n");
        for (AnalysisOption o : AnalysisOption.values()) {
            OptionSpec spec = o.spec();
            String def = spec.defaultValue().isEmpty() ? "(none)" : spec.defaultValue();
            String allowed = spec.type() == OptionSpec.Type.INTEGER || spec.type() == OptionSpec.Type.NUMBER
                    ? OptionSpec.plain(spec.min()) + " to " + OptionSpec.plain(spec.max()) : spec.allowed();
            s.append("| `").append(o.key()).append("` | `--").append(o.cliFlag()).append("` | ").append(def)
                    .append(" | ").append(allowed).append(" | ").append(spec.help().replace("|", "\\|")).append(" |\n");
        }
        return s.toString();
    }
}
