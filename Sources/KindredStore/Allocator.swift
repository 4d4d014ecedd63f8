import CAllocator

/// How Kindred asks the C allocator (glibc's malloc on Linux) to behave, so that a long import's memory stays low:
/// its live data stays the same (about 160 MB in use whenever `malloc_info` was read during 3M- and 10M-row imports),
/// but left to itself glibc keeps the freed blocks of each chunk's rows, scattered over one heap per thread, and the
/// process grows with the file (2M rows into a 3M-row file, 280 MB of its 440 MB heap were free blocks it kept).
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
