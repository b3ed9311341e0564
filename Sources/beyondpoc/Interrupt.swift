import Foundation
import Synchronization

/// Set by SIGINT or SIGTERM; the engine polls it between chunks.
let interruptRequested = Atomic<Bool>(false)

/// Turns the first Ctrl-C (or SIGTERM) into a clean stop: the run ends at the next chunk (or, during
/// the commit, before the folder swap), staged files are deleted, and the process exits 130; after
/// the swap the run simply finishes. A second Ctrl-C kills at once: the hidden staging folder left
/// beside the output folder is cleaned up, and any sub-folder moved into it returned, by the next run
/// there (see OutputTransaction).
func installInterruptHandler() {
    let handler: @convention(c) (Int32) -> Void = { signalNumber in
        interruptRequested.store(true, ordering: .relaxed)
        signal(signalNumber, SIG_DFL)
    }
    signal(SIGINT, handler)
    signal(SIGTERM, handler)
    // A parent may start us with these signals blocked (test harnesses, some job runners);
    // unblock them so that an interrupt is delivered rather than left pending forever.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    sigaddset(&unblock, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
}
