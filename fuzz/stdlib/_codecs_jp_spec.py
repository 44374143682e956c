"""_codecs_jp_spec.py - incremental encoders and decoders, and a stream reader and writer over
shared BytesIO objects, of _codecs_jp's codecs (shift_jis, euc_jp), shared by the threads (they
need a codec)."""
import _codecs_jp

import _spec_kit

SharedShiftJis = _spec_kit.shared_cjk_codec(__name__, _codecs_jp, "shift_jis")
SharedEucJp = _spec_kit.shared_cjk_codec(__name__, _codecs_jp, "euc_jp")
