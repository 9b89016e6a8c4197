// The `kan` command: runs the sin·exp demo by default; `kan --help` lists everything it can do.
//
// Exit status: 0 on success, 1 when a run fails (bad data, a write error), 2 for a mistake on
// the command line (unknown command or option, missing or invalid value).

import Foundation
import KANKernels

keepFreedMemory()
exit(Kan.run(Array(CommandLine.arguments.dropFirst())))
