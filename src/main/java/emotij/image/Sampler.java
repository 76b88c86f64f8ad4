package emotij.image;

/**
 * Samples a rotated, scaled square or rectangle of a {@link PixelImage} into a network's input tensor, with
 * bilinear interpolation and, when shrinking, averaging of several samples per output pixel (plain bilinear
 * shrinking would alias and cost the detector small faces). Outside the image the value is 0 (black).
 */
public final class Sampler {

    /** How output values are made from the image's [0, 1] values. */
    public enum Output {
        /** 3 channels RGB (gray repeated), value*scale+offset. */
        RGB,
        /** 1 channel luminance, value*scale+offset. */
        GRAY
    }

    private Sampler() {
    }

    /**
     * Fills {@code dest} from {@code destOffset} with an {@code outW x outH} patch whose output pixel (u, v) centre
     * lies at image position {@code centre + R(angle) * ((u + 0.5 - outW/2) * srcW/outW, (v + 0.5 - outH/2) * srcH/outH)}.
     *
     * @param centreX,centreY the patch centre in image pixel coordinates
     * @param srcW,srcH       the patch size in image pixels
     * @param angle           rotation of the patch in radians (counter-clockwise in image display terms)
     * @param mirror          flip the patch left-right
     */
    public static void sample(PixelImage image, double centreX, double centreY, double srcW, double srcH, double angle,
                              boolean mirror, int outW, int outH, Output output, float scale, float offset,
                              float[] dest, int destOffset) {
        sample(image, centreX, centreY, srcW, srcH, angle, 0, mirror, outW, outH, output, scale, offset, dest, destOffset);
    }

    /**
     * As {@link #sample(PixelImage, double, double, double, double, double, boolean, int, int, Output, float, float,
     * float[], int)}, with the patch also sheared horizontally: the offset {@code dx} of a sample grows by
     * {@code shear * dy} before the rotation (training augmentation).
     */
    public static void sample(PixelImage image, double centreX, double centreY, double srcW, double srcH, double angle,
                              double shear, boolean mirror, int outW, int outH, Output output, float scale, float offset,
                              float[] dest, int destOffset) {
        sample(image, centreX, centreY, srcW, srcH, angle, shear, mirror, outW, outH, output, scale, offset, dest,
                destOffset, true);
    }

    /** @param axisAlignedPath false: the general path even where the patch is not rotated (for a test) */
    static void sample(PixelImage image, double centreX, double centreY, double srcW, double srcH, double angle,
                       double shear, boolean mirror, int outW, int outH, Output output, float scale, float offset,
                       float[] dest, int destOffset, boolean axisAlignedPath) {
        // shrink by halvings first (each output pixel then covers 1-2 pixels of the halved image): the same
        // averaging as many samples per pixel, at a fraction of the cost
        double shrink = Math.min(srcW / outW, srcH / outH);
        int level = Math.max(0, Math.min(image.maxHalvings(), (int) Math.floor(Math.log(shrink) / Math.log(2))));
        PixelImage img = image.halvings(level);
        double f = 1.0 / (1 << level);
        // halved images drop an odd last row/column; their pixel grid still starts at 0
        centreX *= f;
        centreY *= f;
        srcW *= f;
        srcH *= f;
        double sx = srcW / outW;
        double sy = srcH / outH;
        // several samples per output pixel when one output pixel covers more than ~1.5 image pixels
        int nx = Math.max(1, (int) Math.ceil(sx - 0.5));
        int ny = Math.max(1, (int) Math.ceil(sy - 0.5));
        if (angle == 0 && shear == 0 && axisAlignedPath) {
            sampleAxisAligned(img, centreX, centreY, sx, sy, nx, ny, mirror, outW, outH, output, scale, offset, dest, destOffset);
        } else {
            sampleRotated(img, centreX, centreY, sx, sy, nx, ny, angle, shear, mirror, outW, outH, output, scale, offset,
                    dest, destOffset);
        }
    }

    private static void sampleRotated(PixelImage img, double centreX, double centreY, double sx, double sy, int nx,
                                      int ny, double angle, double shear, boolean mirror, int outW, int outH,
                                      Output output, float scale, float offset, float[] dest, int destOffset) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int outChannels = output == Output.RGB ? 3 : 1;
        float[] px = new float[3];
        float[] acc = new float[3];
        float norm = 1f / (nx * ny);
        int o = destOffset;
        for (int v = 0; v < outH; v++) {
            for (int u = 0; u < outW; u++) {
                int uu = mirror ? outW - 1 - u : u;
                acc[0] = acc[1] = acc[2] = 0;
                for (int j = 0; j < ny; j++) {
                    double dy = (v + (j + 0.5) / ny - outH / 2.0) * sy;
                    for (int i = 0; i < nx; i++) {
                        double dx = (uu + (i + 0.5) / nx - outW / 2.0) * sx + shear * dy;
                        double x = centreX + cos * dx - sin * dy;
                        double y = centreY + sin * dx + cos * dy;
                        bilinear(img, x - 0.5, y - 0.5, px);
                        acc[0] += px[0];
                        acc[1] += px[1];
                        acc[2] += px[2];
                    }
                }
                if (output == Output.RGB) {
                    dest[o++] = acc[0] * norm * scale + offset;
                    dest[o++] = acc[1] * norm * scale + offset;
                    dest[o++] = acc[2] * norm * scale + offset;
                } else {
                    float g = img.channels() == 1 ? acc[0] : 0.2989f * acc[0] + 0.587f * acc[1] + 0.114f * acc[2];
                    dest[o++] = g * norm * scale + offset;
                }
            }
        }
        assert o - destOffset == outW * outH * outChannels;
    }

    /**
     * {@link #sample} for a patch that is neither rotated nor sheared (detector windows, most crops): the sample
     * positions of each column and row are computed once, not per pixel. The same arithmetic in the same order, so
     * the same floats as the general path.
     */
    private static void sampleAxisAligned(PixelImage img, double centreX, double centreY, double sx, double sy, int nx,
                                          int ny, boolean mirror, int outW, int outH, Output output, float scale,
                                          float offset, float[] dest, int destOffset) {
        int[] col = new int[outW * nx];
        float[] colF = new float[outW * nx];
        for (int u = 0; u < outW; u++) {
            int uu = mirror ? outW - 1 - u : u;
            for (int i = 0; i < nx; i++) {
                double x = centreX + (uu + (i + 0.5) / nx - outW / 2.0) * sx - 0.5;
                int x0 = (int) Math.floor(x);
                col[u * nx + i] = x0;
                colF[u * nx + i] = (float) (x - x0);
            }
        }
        int[] row = new int[outH * ny];
        float[] rowF = new float[outH * ny];
        for (int v = 0; v < outH; v++) {
            for (int j = 0; j < ny; j++) {
                double y = centreY + (v + (j + 0.5) / ny - outH / 2.0) * sy - 0.5;
                int y0 = (int) Math.floor(y);
                row[v * ny + j] = y0;
                rowF[v * ny + j] = (float) (y - y0);
            }
        }
        int w = img.width();
        int h = img.height();
        int c = img.channels();
        float[] d = img.data();
        float norm = 1f / (nx * ny);
        boolean rgb = output == Output.RGB;
        float[] px = new float[3];
        int o = destOffset;
        for (int v = 0; v < outH; v++) {
            for (int u = 0; u < outW; u++) {
                float a0 = 0, a1 = 0, a2 = 0;
                for (int j = 0; j < ny; j++) {
                    int y0 = row[v * ny + j];
                    float fy = rowF[v * ny + j];
                    for (int i = 0; i < nx; i++) {
                        bilinear(d, w, h, c, col[u * nx + i], y0, colF[u * nx + i], fy, px);
                        a0 += px[0];
                        a1 += px[1];
                        a2 += px[2];
                    }
                }
                if (rgb) {
                    dest[o++] = a0 * norm * scale + offset;
                    dest[o++] = a1 * norm * scale + offset;
                    dest[o++] = a2 * norm * scale + offset;
                } else {
                    float g = c == 1 ? a0 : 0.2989f * a0 + 0.587f * a1 + 0.114f * a2;
                    dest[o++] = g * norm * scale + offset;
                }
            }
        }
    }

    /** Bilinear value at continuous position (x, y) where integer coordinates are pixel centres; 0 outside. */
    private static void bilinear(PixelImage img, double x, double y, float[] out) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        bilinear(img.data(), img.width(), img.height(), img.channels(), x0, y0, (float) (x - x0), (float) (y - y0), out);
    }

    /** The same at pixel (x0, y0) plus the fractions (fx, fy), of a {@code w x h} image of {@code c} channels. */
    private static void bilinear(float[] d, int w, int h, int c, int x0, int y0, float fx, float fy, float[] out) {
        out[0] = out[1] = out[2] = 0;
        for (int k = 0; k < 4; k++) {
            int xi = x0 + (k & 1);
            int yi = y0 + (k >> 1);
            if (xi < 0 || yi < 0 || xi >= w || yi >= h) continue;
            float wgt = ((k & 1) == 0 ? 1 - fx : fx) * ((k >> 1) == 0 ? 1 - fy : fy);
            int idx = (yi * w + xi) * c;
            if (c == 1) {
                float g = d[idx] * wgt;
                out[0] += g;
                out[1] += g;
                out[2] += g;
            } else {
                out[0] += d[idx] * wgt;
                out[1] += d[idx + 1] * wgt;
                out[2] += d[idx + 2] * wgt;
            }
        }
    }
}
