"""_codecs_cn_spec.py - incremental encoders and decoders, and a stream reader and writer over
shared BytesIO objects, of _codecs_cn's codecs (gb2312, gb18030), shared by the threads (they
need a codec)."""
import _codecs_cn

import _spec_kit

SharedGb2312 = _spec_kit.shared_cjk_codec(__name__, _codecs_cn, "gb2312")
SharedGb18030 = _spec_kit.shared_cjk_codec(__name__, _codecs_cn, "gb18030")
