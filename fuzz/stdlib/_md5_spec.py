"""_md5_spec.py - md5 objects shared by the threads: updated, copied and digested at once."""
import _md5

import _spec_kit

SharedHashes = _spec_kit.shared_hashes(__name__, __doc__, _md5.md5, _md5.md5)
