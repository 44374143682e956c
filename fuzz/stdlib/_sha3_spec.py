"""_sha3_spec.py - sha3 and shake objects shared by the threads: updated, copied and digested
at once."""
import _sha3

import _spec_kit

SharedHashes = _spec_kit.shared_hashes(__name__, __doc__, _sha3.sha3_256, _sha3.sha3_512,
                                       _sha3.shake_128)
