import CAllocator

/// How Kindred asks the C allocator (glibc's malloc on Linux) to behave, so that a long import's memory stays low:
/// its live data is the same at every size (about 160 MB in use at 1M and 3M rows, read with `malloc_info`), but left
/// to itself glibc keeps the freed blocks of each chunk's rows, scattered over one heap per thread, and the process
/// grows with the file (at 3M rows 280 MB of its 440 MB heap were free blocks it kept).
public enum Allocator {
    /// Allocations of this size or more get pages of their own, handed back to the system when freed: a chunk's row
    /// arrays, statements' documents and the database's large buffers, the blocks that otherwise fragment the heaps.
    static let ownPagesFrom: Int32 = 64 << 10

    /// Fixes glibc's threshold for giving large blocks their own pages. Left to itself glibc raises it each time
    /// such a block is freed (up to 32 MiB), after which per-chunk arrays are carved from the heaps instead.
    /// Call once, before any work.
    public static func tune() {
        _ = kindred_fix_mmap_threshold(ownPagesFrom)
    }

    /// Hands the free pages of every heap back to the system; worth it after a batch's data is dropped.
    static func returnFreePages() {
        _ = kindred_return_free_pages()
    }
}
