package emotij.train;

import emotij.classify.Emotion;
import emotij.eval.ConfusionMatrix;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Pictures of training results drawn with plain Java 2D (no ImageJ, works headless): a confusion matrix with
 * row-normalised shading and counts, and loss/accuracy curves per epoch.
 */
public final class ReportImages {

    private ReportImages() {
    }

    public static BufferedImage confusion(ConfusionMatrix m, String title) {
        int n = Emotion.values().length;
        int cell = 64;
        int left = 90;
        int top = 60;
        BufferedImage img = new BufferedImage(left + n * cell + 20, top + n * cell + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + String.format(Locale.ROOT, "  accuracy %.3f", m.accuracy()), 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("rows: true class, columns: predicted; shade: fraction of the row", 10, 38);
        for (int i = 0; i < n; i++) {
            Emotion e = Emotion.values()[i];
            g.drawString(e.label(), 8, top + i * cell + cell / 2 + 4);
            g.drawString(e.label(), left + i * cell + 4, top + n * cell + 16);
        }
        for (int t = 0; t < n; t++) {
            long row = 0;
            for (int p = 0; p < n; p++) row += m.count(Emotion.values()[t], Emotion.values()[p]);
            for (int p = 0; p < n; p++) {
                long c = m.count(Emotion.values()[t], Emotion.values()[p]);
                double f = row == 0 ? 0 : c / (double) row;
                int shade = (int) Math.round(255 * (1 - f));
                g.setColor(t == p ? new Color(shade, 255, shade) : new Color(255, shade, shade));
                g.fillRect(left + p * cell, top + t * cell, cell - 1, cell - 1);
                g.setColor(Color.BLACK);
                g.drawString(Long.toString(c), left + p * cell + cell / 2 - 8, top + t * cell + cell / 2 + 4);
            }
        }
        g.dispose();
        return img;
    }

    /** Loss (left) and accuracy (right) per epoch: training, held-out, and val accuracy where measured. */
    public static BufferedImage curves(List<EpochStats> history) {
        BufferedImage img = new BufferedImage(900, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        panel(g, history, 20, "loss", new ToDoubleFunction[] {e -> ((EpochStats) e).trainLoss, e -> ((EpochStats) e).heldOutLoss},
                new String[] {"train", "held-out"}, false);
        panel(g, history, 470, "accuracy", new ToDoubleFunction[] {e -> ((EpochStats) e).trainAccuracy,
                e -> ((EpochStats) e).heldOutAccuracy, e -> ((EpochStats) e).testAccuracy},
                new String[] {"train", "held-out", "val"}, true);
        g.dispose();
        return img;
    }

    private static final Color[] SERIES = {new Color(0, 90, 200), new Color(220, 110, 0), new Color(0, 150, 60)};

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void panel(Graphics2D g, List<EpochStats> h, int x0, String title, ToDoubleFunction[] series,
                              String[] names, boolean unit) {
        int w = 410;
        int top = 40;
        int height = 270;
        double lo = unit ? 0 : Double.POSITIVE_INFINITY;
        double hi = unit ? 1 : Double.NEGATIVE_INFINITY;
        if (!unit) {
            for (EpochStats e : h) for (ToDoubleFunction f : series) {
                double v = f.applyAsDouble(e);
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (!(hi > lo)) {
                lo = 0;
                hi = 1;
            }
        }
        g.setColor(Color.BLACK);
        g.drawString(title + String.format(Locale.ROOT, " (%.2f to %.2f), epochs 1 to %d", lo, hi, h.size()), x0, 24);
        g.drawRect(x0, top, w, height);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.length; s++) {
            g.setColor(SERIES[s]);
            g.drawString(names[s], x0 + 10 + 80 * s, top + height + 25);
            int px = -1;
            int py = -1;
            for (int i = 0; i < h.size(); i++) {
                double v = series[s].applyAsDouble(h.get(i));
                if (Double.isNaN(v)) continue;
                int x = x0 + (h.size() == 1 ? w / 2 : (int) Math.round(i * w / (double) (h.size() - 1)));
                int y = top + height - (int) Math.round((v - lo) / (hi - lo) * height);
                if (px >= 0) g.drawLine(px, py, x, y);
                g.fillOval(x - 2, y - 2, 5, 5);
                px = x;
                py = y;
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }
}
