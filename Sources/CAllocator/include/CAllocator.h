/// glibc's allocator controls (malloc.h), which Swift's Glibc module does not export; no-ops elsewhere.
#ifndef KINDRED_CALLOCATOR_H
#define KINDRED_CALLOCATOR_H

/// Gives every allocation of `bytes` or more pages of its own, returned to the system when freed; 1 on success.
int kindred_fix_mmap_threshold(int bytes);

/// Returns the free pages of every heap to the system; 1 if any were returned.
int kindred_return_free_pages(void);

#endif
