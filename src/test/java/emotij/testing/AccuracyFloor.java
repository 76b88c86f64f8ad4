package emotij.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of an accuracy figure README gives, on a full dataset in {@code ../shared} (skipped where it is absent):
 * minutes of work, so it is not part of README's test command but of {@code mvn -B -ntp verify -Paccuracy}, which
 * {@code .ci/run} runs after it. Tagged {@value #TAG}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Tag(AccuracyFloor.TAG)
@Test
public @interface AccuracyFloor {
    String TAG = "accuracy";
}
