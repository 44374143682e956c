"""_blake2_spec.py - blake2b and blake2s objects (one keyed, one with a person) shared by the
threads: updated, copied and digested at once."""
import _blake2

import _spec_kit

SharedHashes = _spec_kit.shared_hashes(
    __name__, __doc__, _blake2.blake2b, lambda: _blake2.blake2b(key=b"k" * 16, digest_size=20),
    lambda: _blake2.blake2s(person=b"ftfuzz"))
