import Foundation
import Synchronization

/// Set by SIGINT or SIGTERM; the engine polls it between chunks.
let interruptRequested = Atomic<Bool>(false)

/// Turns the first Ctrl-C (or SIGTERM) into a clean stop: the run ends at the next chunk, staged
/// files are deleted, and the process exits 130. A second Ctrl-C kills at once (the staging folder
/// left behind is removed by the next run in that folder).
func installInterruptHandler() {
    let handler: @convention(c) (Int32) -> Void = { signalNumber in
        interruptRequested.store(true, ordering: .relaxed)
        signal(signalNumber, SIG_DFL)
    }
    signal(SIGINT, handler)
    signal(SIGTERM, handler)
}
