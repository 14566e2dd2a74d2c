/** -EIOCBQUEUED: the I/O was queued and will complete asynchronously (include/linux/errno.h: 529). */
export const EIOCBQUEUED = -529;
export const ENOSPC = -28;
export const EEXIST = -17;
export const ENOENT = -2;
export const EBADF = -9;
