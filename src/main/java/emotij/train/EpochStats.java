package emotij.train;

import java.util.Locale;

/**
 * Loss and accuracy after one epoch: on the training faces, on the held-out part of Train that early stopping
 * watches, and on the test faces (the dataset's Val/, watched only, never used to choose). NaN where there is no
 * such set. Immutable.
 */
public final class EpochStats {

    public final int fold;
    public final int epoch;
    public final int epochs;
    public final double trainLoss;
    public final double trainAccuracy;
    public final double heldOutLoss;
    public final double heldOutAccuracy;
    public final double testAccuracy;
    public final double seconds;
    public final boolean best;

    public EpochStats(int fold, int epoch, int epochs, double trainLoss, double trainAccuracy, double heldOutLoss,
                      double heldOutAccuracy, double testAccuracy, double seconds, boolean best) {
        this.fold = fold;
        this.epoch = epoch;
        this.epochs = epochs;
        this.trainLoss = trainLoss;
        this.trainAccuracy = trainAccuracy;
        this.heldOutLoss = heldOutLoss;
        this.heldOutAccuracy = heldOutAccuracy;
        this.testAccuracy = testAccuracy;
        this.seconds = seconds;
        this.best = best;
    }

    /** The line the command line prints per epoch. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%sepoch %d/%d  loss %.4f  acc %.4f  held-out loss %.4f  acc %.4f%s  %.1f s%s",
                fold > 0 ? "fold " + fold + " " : "", epoch, epochs, trainLoss, trainAccuracy, heldOutLoss, heldOutAccuracy,
                Double.isNaN(testAccuracy) ? "" : String.format(Locale.ROOT, "  val acc %.4f", testAccuracy),
                seconds, best ? "  *" : "");
    }

    public static final String CSV_HEADER = "fold,epoch,train_loss,train_accuracy,held_out_loss,held_out_accuracy,val_accuracy,seconds,best";

    public String csv() {
        return String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%b", fold, epoch, trainLoss, trainAccuracy,
                heldOutLoss, heldOutAccuracy, testAccuracy, seconds, best);
    }
}
