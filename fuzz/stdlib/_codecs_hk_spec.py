"""_codecs_hk_spec.py - incremental encoders and decoders, and a stream reader and writer over
shared BytesIO objects, of _codecs_hk's codecs (big5hkscs), shared by the threads (they need a
codec)."""
import _codecs_hk

import _spec_kit

SharedBig5hkscs = _spec_kit.shared_cjk_codec(__name__, _codecs_hk, "big5hkscs")
