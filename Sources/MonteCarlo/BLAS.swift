import COpenBLAS

/// Process-wide BLAS settings.
public enum BLAS {
    /// BLAS runs on one thread: the chunk runner already puts one chunk on each core, and
    /// OpenBLAS's own threads would only compete with it (idle, they spin in `sched_yield`).
    /// Call before the first BLAS call; later calls cost nothing.
    public static func useOneThread() {
        _ = oneThread
    }

    private static let oneThread: Void = { openblas_set_num_threads(1) }()
}
