package io.deadwood.cpu;

/**
 * Splits one GEMM between the pool's parts by blocks of C: whole NR-wide column panels or whole
 * MR-tall row panels, whichever leaves the busiest part with less work. Each part runs the
 * single-threaded {@link Gemm} on its block with its own packing buffers. Because Gemm sums every
 * element in the same order wherever it sits, the result is the same for any thread count.
 */
final class GemmDriver {
    /** Below about 64^3 multiply-adds the hand-off to other threads costs more than it saves. */
    private static final long PARALLEL_MIN_WORK = 64L * 64 * 64;
    /**
     * Multiply-adds each part gets at least (about 20 microseconds on one core at 200 GFLOP/s): a thin
     * GEMM, as a batch of 128 makes, goes to fewer threads than the pool has, not to slivers of work
     * whose hand-off and cache traffic cost more than they compute.
     */
    static final long PART_MIN_WORK = 1L << 21;

    private final WorkerPool pool;
    private final Scratch[] scratch;
    private final java.util.function.IntConsumer columnPart = this::columnPart;
    private final java.util.function.IntConsumer rowPart = this::rowPart;

    // The call being split, for its parts to read: a lambda capturing all this would be an allocation
    // per call, and dense layers make several calls a step. Hence gemm is synchronized.
    private boolean transA, transB;
    private int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, blocks, parts;
    private float alpha, beta;
    private float[] a, b, c;

    GemmDriver(WorkerPool pool, Scratch[] scratch) {
        this.pool = pool;
        this.scratch = scratch;
    }

    synchronized void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float beta, float[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        int threads = pool.threads();
        if (threads == 1 || (long) m * n * Math.max(k, 1) < PARALLEL_MIN_WORK) {
            Gemm.gemm(scratch[0].gemm, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int nBlocks = (n + Gemm.NR - 1) / Gemm.NR;
        int mBlocks = (m + Gemm.MR - 1) / Gemm.MR;
        long splitNCost = (long) ceilDiv(nBlocks, threads) * Gemm.NR * m;
        long splitMCost = (long) ceilDiv(mBlocks, threads) * Gemm.MR * n;
        boolean byColumns = splitNCost <= splitMCost;
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.blocks = byColumns ? nBlocks : mBlocks;
        this.parts = parts(threads, blocks, (long) m * n * Math.max(k, 1));
        try {
            pool.run(parts, byColumns ? columnPart : rowPart);
        } finally {
            this.a = this.b = this.c = null;
        }
    }

    /** Parts for a GEMM: no more than the threads, the blocks, or the work allows. */
    static int parts(int threads, int blocks, long work) {
        long byWork = Math.max(1, work / PART_MIN_WORK);
        return (int) Math.min(Math.min(threads, blocks), byWork);
    }

    /** Part p computes whole NR-wide column panels of C. */
    private void columnPart(int p) {
        int j0 = Math.min(n, WorkerPool.start(blocks, parts, p) * Gemm.NR);
        int j1 = Math.min(n, WorkerPool.end(blocks, parts, p) * Gemm.NR);
        int bShift = transB ? j0 * ldb : j0;
        Gemm.gemm(scratch[p].gemm, transA, transB, m, j1 - j0, k, alpha, a, aOff, lda,
                b, bOff + bShift, ldb, beta, c, cOff + j0, ldc);
    }

    /** Part p computes whole MR-tall row panels of C. */
    private void rowPart(int p) {
        int i0 = Math.min(m, WorkerPool.start(blocks, parts, p) * Gemm.MR);
        int i1 = Math.min(m, WorkerPool.end(blocks, parts, p) * Gemm.MR);
        int aShift = transA ? i0 : i0 * lda;
        Gemm.gemm(scratch[p].gemm, transA, transB, i1 - i0, n, k, alpha, a, aOff + aShift, lda,
                b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Fails with a readable message rather than an index error deep inside a packing loop. */
    static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative gemm size m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) return;
        checkMatrix("C", c, cOff, ldc, m, n);
        if (k == 0) return;
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (ld < cols) {
            throw new IllegalArgumentException("ld" + name.toLowerCase() + "=" + ld + " < " + cols + " columns of " + name);
        }
        if (off < 0 || (long) off + (long) (rows - 1) * ld + cols > x.length) {
            throw new IllegalArgumentException(name + " of " + rows + "x" + cols + " with ld " + ld
                    + " at offset " + off + " does not fit in " + x.length + " floats");
        }
    }
}
