"""_codecs_kr_spec.py - incremental encoders and decoders, and a stream reader and writer over
shared BytesIO objects, of _codecs_kr's codecs (euc_kr, cp949), shared by the threads (they
need a codec)."""
import _codecs_kr

import _spec_kit

SharedEucKr = _spec_kit.shared_cjk_codec(__name__, _codecs_kr, "euc_kr")
SharedCp949 = _spec_kit.shared_cjk_codec(__name__, _codecs_kr, "cp949")
