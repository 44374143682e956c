"""_multibytecodec_spec.py - _multibytecodec's incremental encoder and decoder, stream reader and
writer types (they need a codec: here cp932 and gbk), shared by the threads."""
import _codecs_cn
import _codecs_jp
import _multibytecodec

import _spec_kit

SharedCp932 = _spec_kit.shared_cjk_codec(__name__, _codecs_jp, "cp932")
SharedGbk = _spec_kit.shared_cjk_codec(__name__, _codecs_cn, "gbk")
