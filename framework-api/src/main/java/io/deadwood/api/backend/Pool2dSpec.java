package io.deadwood.api.backend;

/** Geometry of a max pool over NCHW input (square window, no padding, floor of partial windows). */
public record Pool2dSpec(int batch, int channels, int inHeight, int inWidth, int window, int stride) {
    public Pool2dSpec {
        if (batch < 1 || channels < 1 || inHeight < window || inWidth < window || window < 1 || stride < 1) {
            throw new IllegalArgumentException("invalid pool geometry: " + this);
        }
    }

    public int outHeight() { return (inHeight - window) / stride + 1; }
    public int outWidth() { return (inWidth - window) / stride + 1; }
}
