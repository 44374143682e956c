"""_sha2_spec.py - sha224, sha256, sha384 and sha512 objects shared by the threads: updated,
copied and digested at once."""
import _sha2

import _spec_kit

SharedHashes = _spec_kit.shared_hashes(__name__, __doc__, _sha2.sha224, _sha2.sha256,
                                       _sha2.sha384, _sha2.sha512)
