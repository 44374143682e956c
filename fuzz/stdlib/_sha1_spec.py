"""_sha1_spec.py - sha1 objects shared by the threads: updated, copied and digested at once."""
import _sha1

import _spec_kit

SharedHashes = _spec_kit.shared_hashes(__name__, __doc__, _sha1.sha1, _sha1.sha1)
