"""_codecs_tw_spec.py - incremental encoders and decoders, and a stream reader and writer over
shared BytesIO objects, of _codecs_tw's codecs (big5, cp950), shared by the threads (they need
a codec)."""
import _codecs_tw

import _spec_kit

SharedBig5 = _spec_kit.shared_cjk_codec(__name__, _codecs_tw, "big5")
SharedCp950 = _spec_kit.shared_cjk_codec(__name__, _codecs_tw, "cp950")
