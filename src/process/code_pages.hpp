#pragma once
// Start-up code out of the resident set (issue 4, resident memory).
//
// A process keeps mapped every page of code it ever ran: the parent's configuration parse and
// the children's start-up (netlink dumps, engine build) stay resident in processes that then
// only wait on their event loops. release_code_pages() unmaps the pages of this process's
// executable file mappings (the binary's and the shared libraries' code, r-xp) with
// madvise(MADV_DONTNEED): the next instruction fetched from one faults it in again from the
// page cache, so afterwards only the code the steady state runs is resident.
//
// Contract:
//  - Only private, non-writable, executable mappings of a file are touched: their pages are
//    the file's (nothing written into them is lost), unlike .data or the relocated relro.
//  - Skipped under a debugger (TracerPid set): its software breakpoints are written into
//    those pages and would vanish. Fails quietly (locked memory with mlockall: EINVAL).
//  - No behaviour change: the page cache keeps the code, a page faulted in again costs a
//    minor fault (microseconds).

namespace vigil::process {

void release_code_pages() noexcept;

} // namespace vigil::process
