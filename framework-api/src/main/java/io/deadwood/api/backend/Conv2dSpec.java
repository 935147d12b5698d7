package io.deadwood.api.backend;

/**
 * Geometry of a 2-d convolution over NCHW input with OIHW weights (square kernel, equal stride and
 * padding on both axes, zero padding).
 */
public record Conv2dSpec(int batch, int inChannels, int inHeight, int inWidth,
                         int outChannels, int kernel, int stride, int padding) {
    public Conv2dSpec {
        if (batch < 1 || inChannels < 1 || inHeight < 1 || inWidth < 1 || outChannels < 1) {
            throw new IllegalArgumentException("conv dimensions must be positive: " + this);
        }
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("kernel and stride must be >= 1 and padding >= 0: " + this);
        }
        if (inHeight + 2 * padding < kernel || inWidth + 2 * padding < kernel) {
            throw new IllegalArgumentException("kernel larger than padded input: " + this);
        }
    }

    public int outHeight() { return (inHeight + 2 * padding - kernel) / stride + 1; }
    public int outWidth() { return (inWidth + 2 * padding - kernel) / stride + 1; }

    public Conv2dSpec withBatch(int n) {
        return new Conv2dSpec(n, inChannels, inHeight, inWidth, outChannels, kernel, stride, padding);
    }
}
