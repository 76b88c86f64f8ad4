package emotij.spark;

import emotij.cli.UsageException;
import emotij.batch.FolderBatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of the INPUT arguments, in order: a file or folder as {@code bin/emotij classify} lists it (the same
 * code), a glob pattern ({@code data/**}{@code /*.tif}: its files, sorted, named by their path below the pattern's
 * fixed part), or {@code @LIST}: a text file with one INPUT per line (blank lines and {@code #} comments skipped;
 * relative paths are relative to the list's folder).
 */
final class InputListing {

    private InputListing() {
    }

    static List<FolderBatch.Item> items(List<String> inputs, boolean recursive) throws UsageException, IOException {
        List<FolderBatch.Item> items = new ArrayList<>();
        for (String input : inputs) {
            if (input.startsWith("@")) {
                Path list = Paths.get(input.substring(1));
                if (!Files.isRegularFile(list)) throw new UsageException("list of inputs not found: " + list);
                Path base = list.toAbsolutePath().getParent();
                for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                    String entry = line.strip();
                    if (entry.isEmpty() || entry.startsWith("#")) continue;
                    if (entry.startsWith("@")) throw new UsageException(list + ": lists cannot name other lists (" + entry + ")");
                    addInput(base.resolve(entry).toString(), recursive, items, " (listed in " + list + ")");
                }
            } else {
                addInput(input, recursive, items, "");
            }
        }
        return items;
    }

    private static void addInput(String input, boolean recursive, List<FolderBatch.Item> items, String where)
            throws UsageException, IOException {
        if (isGlob(input)) {
            List<FolderBatch.Item> matched = glob(input);
            if (matched.isEmpty()) throw new UsageException("no file matches " + input + where);
            items.addAll(matched);
            return;
        }
        Path in = Paths.get(input);
        if (!Files.exists(in)) throw new UsageException("input not found: " + input + where);
        items.addAll(FolderBatch.items(List.of(in), recursive));
    }

    static boolean isGlob(String input) {
        return input.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The regular files matching a glob pattern, sorted by their path below the pattern's fixed leading folders. */
    private static List<FolderBatch.Item> glob(String pattern) throws IOException {
        String separator = FileSystems.getDefault().getSeparator();
        String[] parts = pattern.split(java.util.regex.Pattern.quote(separator), -1);
        int fixed = 0;
        while (fixed < parts.length - 1 && !isGlob(parts[fixed])) fixed++;
        String baseText = String.join(separator, java.util.Arrays.copyOfRange(parts, 0, fixed));
        Path base = baseText.isEmpty() ? Paths.get(pattern.startsWith(separator) ? separator : ".") : Paths.get(baseText);
        if (!Files.isDirectory(base)) return List.of();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher(
                "glob:" + String.join(separator, java.util.Arrays.copyOfRange(parts, fixed, parts.length)));
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> matcher.matches(base.relativize(f)))
                    .map(f -> new FolderBatch.Item(f, base.relativize(f).toString().replace('\\', '/')))
                    .sorted(java.util.Comparator.comparing(item -> item.name))
                    .collect(Collectors.toList());
        }
    }
}
