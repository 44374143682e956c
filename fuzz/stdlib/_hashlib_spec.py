"""_hashlib_spec.py - OpenSSL hash objects (made by _hashlib.new and the openssl_* factories),
an HMAC and a shake shared by the threads: updated, copied and digested at once."""
import _hashlib

import _spec_kit

SharedHashes = _spec_kit.shared_hashes(
    __name__, __doc__, lambda: _hashlib.new("sha256"), _hashlib.openssl_md5,
    _hashlib.openssl_sha512, _hashlib.openssl_shake_128,
    lambda: _hashlib.hmac_new(b"key", b"msg", "sha256"))
