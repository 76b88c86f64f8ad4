package emotij.image;

import emotij.detect.DetectedFace;
import emotij.testing.TestImages;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImgLib2ImagesTest {

    @Test
    void aSixteenBitImgLib2ViewGivesTheSameFaceAsTheEightBitImage() {
        PixelImage gray = TestImages.sample("cameraman.png");
        short[] px = new short[gray.width() * gray.height()];
        for (int y = 0; y < gray.height(); y++) {
            for (int x = 0; x < gray.width(); x++) px[y * gray.width() + x] = (short) Math.round(gray.get(x, y, 0) * 4000 + 1000);
        }
        ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(px, gray.width(), gray.height());
        // an offset view, to check that the origin does not matter
        PixelImage viaImgLib2 = ImgLib2Images.toPixelImage(Views.translate(img, 100, 50), 1000, 5000);
        List<DetectedFace> a = TestImages.analyzer().detector().detect(gray);
        List<DetectedFace> b = TestImages.analyzer().detector().detect(viaImgLib2);
        assertEquals(a.size(), b.size());
        // the 16-bit values rescaled to 8-bit differ by rounding from the original 8-bit ones: a pixel on a face
        // of about 100 pixels (1%), far under a shifted or missed face
        assertEquals(a.get(0).box().x, b.get(0).box().x, 0.01 * a.get(0).box().width);
        assertEquals(a.get(0).box().y, b.get(0).box().y, 0.01 * a.get(0).box().height);
    }
}
